CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"tier" text NOT NULL,
	"secret_sha256" text NOT NULL,
	"created_at" text NOT NULL,
	"expires_on" text,
	"revoked_at" text,
	"last_used_at" text,
	CONSTRAINT "api_keys_tier" CHECK ("api_keys"."tier" IN ('registered', 'partner', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"dataset_id" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text NOT NULL,
	"submitted_at" text NOT NULL,
	"due_by" text NOT NULL,
	"decided_at" text,
	"decided_by" text,
	"expires_on" text,
	"reason" text,
	CONSTRAINT "applications_status_values" CHECK ("applications"."status" IN ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"key_id" text,
	"dataset_id" text NOT NULL,
	"version" integer,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"rows" bigint,
	"bytes" bigint
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" text PRIMARY KEY NOT NULL,
	"entry_json" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"theme" text NOT NULL,
	"grade" integer NOT NULL,
	"open" text NOT NULL,
	"provider" text NOT NULL,
	"update_frequency" text,
	"keywords" text[] NOT NULL,
	"search_body" text NOT NULL,
	"current_version" integer,
	"row_count" bigint,
	"updated_at" text NOT NULL,
	"last_version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" serial PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"dataset_id" text NOT NULL,
	"application_id" integer NOT NULL,
	"granted_at" text NOT NULL,
	"expires_on" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ingest_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"dataset_id" text NOT NULL,
	"status" text NOT NULL,
	"started_at" text NOT NULL,
	"report_json" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "versions" (
	"dataset_id" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"created_at" text NOT NULL,
	"published_at" text,
	"row_count" bigint,
	"plan_json" text NOT NULL,
	"fingerprint" text NOT NULL,
	"entry_json" text,
	CONSTRAINT "versions_dataset_id_version_pk" PRIMARY KEY("dataset_id","version"),
	CONSTRAINT "versions_status" CHECK ("versions"."status" IN ('building', 'published'))
);
--> statement-breakpoint
CREATE TABLE "withdrawn_versions" (
	"dataset_id" text NOT NULL,
	"version" integer NOT NULL,
	"withdrawn_at" text NOT NULL,
	"withdrawn_by" text NOT NULL,
	"reasons_json" text NOT NULL,
	"fingerprint" text NOT NULL,
	CONSTRAINT "withdrawn_versions_dataset_id_version_pk" PRIMARY KEY("dataset_id","version"),
	CONSTRAINT "withdrawn_by" CHECK ("withdrawn_versions"."withdrawn_by" IN ('catalog', 'operator'))
);
--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_key" ON "applications" USING btree ("key_id","id");--> statement-breakpoint
CREATE INDEX "applications_status" ON "applications" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_pending" ON "applications" USING btree ("key_id","dataset_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "audit_dataset" ON "audit_log" USING btree ("dataset_id","id");--> statement-breakpoint
CREATE INDEX "audit_key" ON "audit_log" USING btree ("key_id","id");--> statement-breakpoint
CREATE INDEX "audit_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "datasets_search_body" ON "datasets" USING gin ("search_body" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "grants_key" ON "grants" USING btree ("key_id","expires_on");--> statement-breakpoint
CREATE INDEX "ingest_reports_dataset" ON "ingest_reports" USING btree ("dataset_id","id");