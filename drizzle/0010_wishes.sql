CREATE TABLE "donor_profiles" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"enterprise_name" text,
	"show_on_thanks_list" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wish_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"wish_id" integer NOT NULL,
	"donor_user_id" integer,
	"donor_name" text NOT NULL,
	"donor_kind" text NOT NULL,
	"donor_mobile_enc" text,
	"activity_id" integer,
	"state" text NOT NULL,
	"method" text,
	"deadline" date NOT NULL,
	"sent_note" text,
	"tracking_note" text,
	"sent_photo_file_id" text,
	"receipt_note" text,
	"receipt_photo_file_id" text,
	"release_reason" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"received_by" integer,
	"released_at" timestamp with time zone,
	"recorded_by" integer,
	CONSTRAINT "wish_claims_state_check" CHECK ("wish_claims"."state" in ('active', 'sent', 'fulfilled', 'released', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "wish_org_settings" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"value_cap_fen" integer NOT NULL,
	"max_open_wishes" integer NOT NULL,
	"claim_days" integer NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wishes" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"archive_id" integer NOT NULL,
	"state" text NOT NULL,
	"channel" text NOT NULL,
	"posted_by" integer,
	"title" text NOT NULL,
	"story" text NOT NULL,
	"category" text NOT NULL,
	"value_fen" integer NOT NULL,
	"masked_name" text NOT NULL,
	"region" text NOT NULL,
	"photo_file_id" text,
	"review_note" text,
	"reject_reason" text,
	"thanks" text,
	"published_at" timestamp with time zone,
	"claimed_at" timestamp with time zone,
	"fulfilled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishes_value_check" CHECK ("wishes"."value_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "donor_profiles" ADD CONSTRAINT "donor_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_activities" ADD CONSTRAINT "wish_activities_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_activities" ADD CONSTRAINT "wish_activities_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_wish_id_wishes_id_fk" FOREIGN KEY ("wish_id") REFERENCES "public"."wishes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_donor_user_id_users_id_fk" FOREIGN KEY ("donor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_activity_id_wish_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."wish_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_claims" ADD CONSTRAINT "wish_claims_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_org_settings" ADD CONSTRAINT "wish_org_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_org_settings" ADD CONSTRAINT "wish_org_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_archive_id_hardship_archives_id_fk" FOREIGN KEY ("archive_id") REFERENCES "public"."hardship_archives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishes" ADD CONSTRAINT "wishes_posted_by_users_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wish_activities_path_idx" ON "wish_activities" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "wish_claims_live_uq" ON "wish_claims" USING btree ("wish_id") WHERE state in ('active', 'sent');--> statement-breakpoint
CREATE INDEX "wish_claims_wish_idx" ON "wish_claims" USING btree ("wish_id","id");--> statement-breakpoint
CREATE INDEX "wish_claims_donor_idx" ON "wish_claims" USING btree ("donor_user_id","id");--> statement-breakpoint
CREATE INDEX "wish_claims_deadline_idx" ON "wish_claims" USING btree ("deadline") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "wish_claims_activity_idx" ON "wish_claims" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "wishes_path_state_idx" ON "wishes" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "wishes_archive_idx" ON "wishes" USING btree ("archive_id","state");--> statement-breakpoint
CREATE INDEX "wishes_wall_idx" ON "wishes" USING btree ("state","published_at");