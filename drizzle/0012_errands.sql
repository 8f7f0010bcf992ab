CREATE TABLE "errand_complaints" (
	"id" serial PRIMARY KEY NOT NULL,
	"errand_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"name" text NOT NULL,
	"mobile_enc" text NOT NULL,
	"content" text NOT NULL,
	"answer" text,
	"outcome" text,
	"answered_by" integer,
	"answered_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "errand_complaints_state_check" CHECK ("errand_complaints"."state" in ('open', 'answered')),
	CONSTRAINT "errand_complaints_outcome_check" CHECK ("errand_complaints"."outcome" is null or "errand_complaints"."outcome" in ('upheld', 'explained', 'unfounded'))
);
--> statement-breakpoint
CREATE TABLE "errand_hotlines" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"label" text NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"all_day" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "errand_hotlines_kind_check" CHECK ("errand_hotlines"."kind" in ('duty', 'complaint', 'both'))
);
--> statement-breakpoint
CREATE TABLE "errand_org_settings" (
	"org_id" integer PRIMARY KEY NOT NULL,
	"accept_minutes" integer NOT NULL,
	"deliver_minutes" integer NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "errand_shifts" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"user_id" integer NOT NULL,
	"hotline_id" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "errand_shifts_span_check" CHECK ("errand_shifts"."ends_at" > "errand_shifts"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "errands" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"state" text NOT NULL,
	"channel" text NOT NULL,
	"urgency" text NOT NULL,
	"requester_kind" text NOT NULL,
	"caller_name" text NOT NULL,
	"caller_mobile_enc" text NOT NULL,
	"requester_user_id" integer,
	"recipient_name" text NOT NULL,
	"recipient_phone_enc" text NOT NULL,
	"recipient_address" text NOT NULL,
	"item_kinds" jsonb NOT NULL,
	"items" text NOT NULL,
	"pickup_address" text NOT NULL,
	"pickup_contact" text NOT NULL,
	"pickup_mobile_enc" text NOT NULL,
	"note" text,
	"courier_org_id" integer,
	"courier_user_id" integer,
	"received_by" text,
	"photo_file_id" text,
	"cancel_reason" text,
	"merged_into_id" integer,
	"declines" integer DEFAULT 0 NOT NULL,
	"called_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"picked_up_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"accept_alerted_at" timestamp with time zone,
	"delivery_alerted_at" timestamp with time zone,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "errands_code_unique" UNIQUE("code"),
	CONSTRAINT "errands_state_check" CHECK ("errands"."state" in ('pending', 'dispatched', 'accepted', 'picked_up', 'delivered', 'cancelled', 'merged')),
	CONSTRAINT "errands_channel_check" CHECK ("errands"."channel" in ('hotline', 'h5'))
);
--> statement-breakpoint
ALTER TABLE "errand_complaints" ADD CONSTRAINT "errand_complaints_errand_id_errands_id_fk" FOREIGN KEY ("errand_id") REFERENCES "public"."errands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_complaints" ADD CONSTRAINT "errand_complaints_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_complaints" ADD CONSTRAINT "errand_complaints_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_complaints" ADD CONSTRAINT "errand_complaints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_hotlines" ADD CONSTRAINT "errand_hotlines_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_org_settings" ADD CONSTRAINT "errand_org_settings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_org_settings" ADD CONSTRAINT "errand_org_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_shifts" ADD CONSTRAINT "errand_shifts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_shifts" ADD CONSTRAINT "errand_shifts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_shifts" ADD CONSTRAINT "errand_shifts_hotline_id_errand_hotlines_id_fk" FOREIGN KEY ("hotline_id") REFERENCES "public"."errand_hotlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errand_shifts" ADD CONSTRAINT "errand_shifts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errands" ADD CONSTRAINT "errands_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errands" ADD CONSTRAINT "errands_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errands" ADD CONSTRAINT "errands_courier_org_id_orgs_id_fk" FOREIGN KEY ("courier_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errands" ADD CONSTRAINT "errands_courier_user_id_users_id_fk" FOREIGN KEY ("courier_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "errands" ADD CONSTRAINT "errands_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "errand_complaints_path_idx" ON "errand_complaints" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "errand_complaints_errand_idx" ON "errand_complaints" USING btree ("errand_id");--> statement-breakpoint
CREATE INDEX "errand_hotlines_path_idx" ON "errand_hotlines" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "errand_shifts_org_time_idx" ON "errand_shifts" USING btree ("org_id","starts_at");--> statement-breakpoint
CREATE INDEX "errand_shifts_user_idx" ON "errand_shifts" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "errands_path_state_idx" ON "errands" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "errands_courier_idx" ON "errands" USING btree ("courier_org_id","state");--> statement-breakpoint
CREATE INDEX "errands_called_idx" ON "errands" USING btree ("called_at");--> statement-breakpoint
CREATE INDEX "errands_open_idx" ON "errands" USING btree ("state","called_at") WHERE state in ('pending', 'dispatched', 'accepted', 'picked_up');