CREATE TABLE "catalog_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" text NOT NULL,
	"type" text NOT NULL,
	"dataset_id" text NOT NULL,
	"title" text NOT NULL,
	"theme" text NOT NULL,
	"provider" text NOT NULL,
	"grade" integer NOT NULL,
	"open" text NOT NULL,
	"data_json" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "versions" ADD COLUMN "changes_json" text;--> statement-breakpoint
CREATE INDEX "catalog_events_dataset" ON "catalog_events" USING btree ("dataset_id","id");--> statement-breakpoint
CREATE INDEX "catalog_events_theme" ON "catalog_events" USING btree ("theme","id");--> statement-breakpoint
CREATE INDEX "catalog_events_provider" ON "catalog_events" USING btree ("provider","id");