-- the GIN trigram indexes of the catalog search and of every version's searchable fields (gin_trgm_ops)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS gongkai_rows;
