CREATE TABLE "hardship_imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"source_file_id" text NOT NULL,
	"original_name" text NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"imported_rows" integer DEFAULT 0 NOT NULL,
	"failed_rows" integer DEFAULT 0 NOT NULL,
	"error_file_id" text,
	"failure" text,
	"created_by" integer,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "hardship_imports_state_check" CHECK ("hardship_imports"."state" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "hardship_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"archive_id" integer NOT NULL,
	"from_org_id" integer NOT NULL,
	"from_org_path" text NOT NULL,
	"to_org_id" integer NOT NULL,
	"to_org_path" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reason" text NOT NULL,
	"requested_by" integer,
	"requested_by_name" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "hardship_transfers_state_check" CHECK ("hardship_transfers"."state" in ('pending', 'accepted', 'declined', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "hardship_imports" ADD CONSTRAINT "hardship_imports_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_imports" ADD CONSTRAINT "hardship_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_transfers" ADD CONSTRAINT "hardship_transfers_archive_id_hardship_archives_id_fk" FOREIGN KEY ("archive_id") REFERENCES "public"."hardship_archives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_transfers" ADD CONSTRAINT "hardship_transfers_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_transfers" ADD CONSTRAINT "hardship_transfers_to_org_id_orgs_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_transfers" ADD CONSTRAINT "hardship_transfers_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_transfers" ADD CONSTRAINT "hardship_transfers_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_imports_path_idx" ON "hardship_imports" USING btree ("org_path" text_pattern_ops,"id");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_transfers_pending_uq" ON "hardship_transfers" USING btree ("archive_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "hardship_transfers_archive_idx" ON "hardship_transfers" USING btree ("archive_id","id");--> statement-breakpoint
CREATE INDEX "hardship_transfers_to_idx" ON "hardship_transfers" USING btree ("to_org_path" text_pattern_ops) WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "hardship_archives_secondary_causes_idx" ON "hardship_archives" USING gin ("secondary_causes" jsonb_path_ops);