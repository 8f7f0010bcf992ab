CREATE TABLE "hardship_archives" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"state" text NOT NULL,
	"channel" text DEFAULT 'window' NOT NULL,
	"name" text NOT NULL,
	"id_card_enc" text NOT NULL,
	"id_card_hash" text NOT NULL,
	"id_card_masked" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"mobile_enc" text,
	"mobile_hash" text,
	"ethnicity" text,
	"health" text NOT NULL,
	"disability_category" text,
	"work_status" text NOT NULL,
	"employer" text,
	"employer_union" text,
	"address_enc" text,
	"members" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"members_id_enc" text,
	"bank_name" text,
	"bank_account_enc" text,
	"bank_account_last4" text,
	"helper_user_id" integer,
	"main_cause" text NOT NULL,
	"secondary_causes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cause_other_text" text,
	"annual_income_fen" integer NOT NULL,
	"medical_expense_fen" integer DEFAULT 0 NOT NULL,
	"schooling_expense_fen" integer DEFAULT 0 NOT NULL,
	"household_size" integer NOT NULL,
	"per_capita_monthly_fen" integer NOT NULL,
	"dibao_monthly_fen" integer NOT NULL,
	"suggested_category" text,
	"category" text,
	"category_reason" text,
	"housing_type" text,
	"housing_area_m2" double precision,
	"housing_condition" text,
	"plan" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"publicity_start" date,
	"publicity_end" date,
	"reject_reason" text,
	"exit_reason" text,
	"exit_note" text,
	"created_by" integer,
	"filed_at" timestamp with time zone,
	"exited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hardship_archives_state_check" CHECK ("hardship_archives"."state" in ('applied', 'accepted', 'reviewing', 'reviewed', 'publicizing', 'filed', 'rejected', 'exited'))
);
--> statement-breakpoint
CREATE TABLE "hardship_helper_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"archive_id" integer NOT NULL,
	"helper_user_id" integer,
	"reason" text,
	"changed_by" integer,
	"changed_by_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_org_settings" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"dibao_monthly_fen" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hardship_visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"archive_id" integer NOT NULL,
	"visit_date" date NOT NULL,
	"visitors" text NOT NULL,
	"findings" text NOT NULL,
	"recorded_by" integer,
	"recorded_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hardship_archives" ADD CONSTRAINT "hardship_archives_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_archives" ADD CONSTRAINT "hardship_archives_helper_user_id_users_id_fk" FOREIGN KEY ("helper_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_archives" ADD CONSTRAINT "hardship_archives_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_helper_changes" ADD CONSTRAINT "hardship_helper_changes_archive_id_hardship_archives_id_fk" FOREIGN KEY ("archive_id") REFERENCES "public"."hardship_archives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_helper_changes" ADD CONSTRAINT "hardship_helper_changes_helper_user_id_users_id_fk" FOREIGN KEY ("helper_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_helper_changes" ADD CONSTRAINT "hardship_helper_changes_changed_by_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_org_settings" ADD CONSTRAINT "hardship_org_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_visits" ADD CONSTRAINT "hardship_visits_archive_id_hardship_archives_id_fk" FOREIGN KEY ("archive_id") REFERENCES "public"."hardship_archives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_visits" ADD CONSTRAINT "hardship_visits_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_archives_active_id_uq" ON "hardship_archives" USING btree ("id_card_hash") WHERE state not in ('rejected', 'exited');--> statement-breakpoint
CREATE INDEX "hardship_archives_id_hash_idx" ON "hardship_archives" USING btree ("id_card_hash");--> statement-breakpoint
CREATE INDEX "hardship_archives_mobile_hash_idx" ON "hardship_archives" USING btree ("mobile_hash");--> statement-breakpoint
CREATE INDEX "hardship_archives_path_idx" ON "hardship_archives" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "hardship_archives_helper_idx" ON "hardship_archives" USING btree ("helper_user_id");--> statement-breakpoint
CREATE INDEX "hardship_helper_changes_archive_idx" ON "hardship_helper_changes" USING btree ("archive_id","id");--> statement-breakpoint
CREATE INDEX "hardship_visits_archive_idx" ON "hardship_visits" USING btree ("archive_id","id");