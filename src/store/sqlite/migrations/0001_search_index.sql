-- The catalog search index (search.ts): an FTS5 table, which drizzle's tables cannot describe, so written here.
-- Trigram tokens let Chinese substrings of three or more characters match (shorter ones use LIKE).
CREATE VIRTUAL TABLE dataset_search USING fts5 (id UNINDEXED, body, tokenize = 'trigram');
