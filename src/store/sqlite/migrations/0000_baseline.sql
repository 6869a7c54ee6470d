CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`tier` text NOT NULL,
	`secret_sha256` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_on` text,
	`revoked_at` text,
	`last_used_at` text,
	CONSTRAINT "api_keys_tier" CHECK(tier IN ('registered', 'partner', 'admin'))
);
--> statement-breakpoint
CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key_id` text NOT NULL,
	`dataset_id` text NOT NULL,
	`purpose` text NOT NULL,
	`status` text NOT NULL,
	`submitted_at` text NOT NULL,
	`due_by` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`expires_on` text,
	`reason` text,
	FOREIGN KEY (`key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "applications_status" CHECK(status IN ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX `applications_key` ON `applications` (`key_id`,`id`);--> statement-breakpoint
CREATE INDEX `applications_status` ON `applications` (`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `applications_one_pending` ON `applications` (`key_id`,`dataset_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`key_id` text,
	`dataset_id` text NOT NULL,
	`version` integer,
	`route` text NOT NULL,
	`status` integer NOT NULL,
	`rows` integer,
	`bytes` integer
);
--> statement-breakpoint
CREATE INDEX `audit_dataset` ON `audit_log` (`dataset_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_key` ON `audit_log` (`key_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_json` text NOT NULL,
	`title` text NOT NULL,
	`theme` text NOT NULL,
	`grade` integer NOT NULL,
	`open` text NOT NULL,
	`provider` text NOT NULL,
	`keywords_json` text NOT NULL,
	`current_version` integer,
	`row_count` integer,
	`updated_at` text NOT NULL,
	`last_version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key_id` text NOT NULL,
	`dataset_id` text NOT NULL,
	`application_id` integer NOT NULL,
	`granted_at` text NOT NULL,
	`expires_on` text NOT NULL,
	FOREIGN KEY (`key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `grants_key` ON `grants` (`key_id`,`expires_on`);--> statement-breakpoint
CREATE TABLE `ingest_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`report_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ingest_reports_dataset` ON `ingest_reports` (`dataset_id`,`id`);--> statement-breakpoint
CREATE TABLE `versions` (
	`dataset_id` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`builder_pid` integer,
	`created_at` text NOT NULL,
	`published_at` text,
	`row_count` integer,
	`plan_json` text NOT NULL,
	`fingerprint` text NOT NULL,
	`entry_json` text,
	PRIMARY KEY(`dataset_id`, `version`),
	CONSTRAINT "versions_status" CHECK(status IN ('building', 'published'))
);
--> statement-breakpoint
CREATE TABLE `withdrawn_versions` (
	`dataset_id` text NOT NULL,
	`version` integer NOT NULL,
	`withdrawn_at` text NOT NULL,
	`withdrawn_by` text NOT NULL,
	`reasons_json` text NOT NULL,
	`fingerprint` text NOT NULL,
	PRIMARY KEY(`dataset_id`, `version`),
	CONSTRAINT "withdrawn_versions_by" CHECK(withdrawn_by IN ('catalog', 'operator'))
);
