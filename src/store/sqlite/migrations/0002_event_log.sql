CREATE TABLE `catalog_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`type` text NOT NULL,
	`dataset_id` text NOT NULL,
	`title` text NOT NULL,
	`theme` text NOT NULL,
	`provider` text NOT NULL,
	`grade` integer NOT NULL,
	`open` text NOT NULL,
	`data_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_events_dataset` ON `catalog_events` (`dataset_id`,`id`);--> statement-breakpoint
CREATE INDEX `catalog_events_theme` ON `catalog_events` (`theme`,`id`);--> statement-breakpoint
CREATE INDEX `catalog_events_provider` ON `catalog_events` (`provider`,`id`);--> statement-breakpoint
ALTER TABLE `versions` ADD `changes_json` text;