CREATE TABLE "appeal_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"appeal_id" integer NOT NULL,
	"author_user_id" integer NOT NULL,
	"text" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"moderated_by" integer,
	"moderated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeal_comments_state_check" CHECK ("appeal_comments"."state" in ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "appeal_supports" (
	"appeal_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeals" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"state" text NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"location" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"share_contact" boolean DEFAULT false NOT NULL,
	"author_user_id" integer NOT NULL,
	"author_org_id" integer NOT NULL,
	"file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"triage_note" text,
	"triaged_by" integer,
	"triaged_at" timestamp with time zone,
	"handler_org_id" integer,
	"merged_into_id" integer,
	"representative_id" integer,
	"proposal_id" integer,
	"due_at" timestamp with time zone,
	"reply" text,
	"reply_file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"replied_by" integer,
	"replied_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"satisfaction" text,
	"rating_comment" text,
	"rated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appeals_code_unique" UNIQUE("code"),
	CONSTRAINT "appeals_kind_check" CHECK ("appeals"."kind" in ('appeal', 'suggestion')),
	CONSTRAINT "appeals_reopen_check" CHECK ("appeals"."reopen_count" between 0 and 1)
);
--> statement-breakpoint
CREATE TABLE "congress_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "congress_sessions_span_check" CHECK ("congress_sessions"."ends_at" > "congress_sessions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "congresses" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"term_no" integer NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"cosign_threshold" integer NOT NULL,
	"cosign_window_days" integer NOT NULL,
	"review_days" integer NOT NULL,
	"handle_days" integer NOT NULL,
	"supervise_days" integer NOT NULL,
	"feedback_days" integer NOT NULL,
	"grace_days" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "congresses_state_check" CHECK ("congresses"."state" in ('active', 'closed')),
	CONSTRAINT "congresses_term_check" CHECK ("congresses"."term_end" > "congresses"."term_start")
);
--> statement-breakpoint
CREATE TABLE "contact_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"thread_id" integer NOT NULL,
	"author" text NOT NULL,
	"author_user_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_messages_author_check" CHECK ("contact_messages"."author" in ('worker', 'representative'))
);
--> statement-breakpoint
CREATE TABLE "contact_threads" (
	"id" serial PRIMARY KEY NOT NULL,
	"representative_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"worker_user_id" integer NOT NULL,
	"worker_org_id" integer NOT NULL,
	"subject" text NOT NULL,
	"state" text DEFAULT 'awaiting_reply' NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_threads_state_check" CHECK ("contact_threads"."state" in ('awaiting_reply', 'replied', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "proposal_co_handlers" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_cosigners" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" integer NOT NULL,
	"representative_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"state" text DEFAULT 'invited' NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_cosigners_state_check" CHECK ("proposal_cosigners"."state" in ('invited', 'signed', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "proposal_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" integer NOT NULL,
	"kind" text NOT NULL,
	"org_id" integer NOT NULL,
	"author_user_id" integer NOT NULL,
	"text" text NOT NULL,
	"percent" integer,
	"round" integer NOT NULL,
	"file_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_updates_kind_check" CHECK ("proposal_updates"."kind" in ('progress', 'reply')),
	CONSTRAINT "proposal_updates_percent_check" CHECK ("proposal_updates"."percent" is null or "proposal_updates"."percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"congress_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"state" text NOT NULL,
	"kind" text NOT NULL,
	"requested_kind" text NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"reasons" text NOT NULL,
	"request" text NOT NULL,
	"proposer_rep_id" integer NOT NULL,
	"proposer_user_id" integer NOT NULL,
	"cosign_threshold" integer NOT NULL,
	"cosign_deadline" timestamp with time zone,
	"source_appeal_id" integer,
	"review_reason" text,
	"reviewed_by" integer,
	"lead_org_id" integer,
	"due_at" timestamp with time zone,
	"handle_due_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"replied_by" integer,
	"satisfaction" text,
	"rating_comment" text,
	"replied_on_time" boolean,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"assigned_at" timestamp with time zone,
	"replied_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"rated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_code_unique" UNIQUE("code"),
	CONSTRAINT "proposals_kind_check" CHECK ("proposals"."kind" in ('proposal', 'suggestion')),
	CONSTRAINT "proposals_reopen_check" CHECK ("proposals"."reopen_count" between 0 and 1),
	CONSTRAINT "proposals_satisfaction_check" CHECK ("proposals"."satisfaction" is null or "proposals"."satisfaction" in ('satisfied', 'basically', 'unsatisfied'))
);
--> statement-breakpoint
CREATE TABLE "referral_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"referral_id" integer NOT NULL,
	"no" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"url" text NOT NULL,
	"http_status" integer,
	"ok" boolean NOT NULL,
	"error" text,
	"duration_ms" integer NOT NULL,
	"response_body" text
);
--> statement-breakpoint
CREATE TABLE "referral_endpoints" (
	"partner_org_id" integer PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"url" text,
	"secret_enc" text,
	"active" boolean DEFAULT true NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"referral_id" integer NOT NULL,
	"source" text NOT NULL,
	"event_id" text,
	"status" text NOT NULL,
	"note" text,
	"recorded_by" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referral_events_source_check" CHECK ("referral_events"."source" in ('platform', 'manual', 'system'))
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"appeal_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"partner_org_id" integer NOT NULL,
	"mode" text NOT NULL,
	"state" text NOT NULL,
	"payload" jsonb NOT NULL,
	"external_id" text,
	"due_at" timestamp with time zone NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"answer" text,
	"answered_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "referrals_code_unique" UNIQUE("code"),
	CONSTRAINT "referrals_mode_check" CHECK ("referrals"."mode" in ('api', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "representatives" (
	"id" serial PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"sector" text NOT NULL,
	"delegation" text NOT NULL,
	"title" text,
	"mobile_enc" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervise_notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"subject_id" integer NOT NULL,
	"step" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"level" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervise_notices_level_check" CHECK ("supervise_notices"."level" between 0 and 2),
	CONSTRAINT "supervise_notices_subject_check" CHECK ("supervise_notices"."subject" in ('proposal', 'appeal', 'referral'))
);
--> statement-breakpoint
ALTER TABLE "appeal_comments" ADD CONSTRAINT "appeal_comments_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_comments" ADD CONSTRAINT "appeal_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_comments" ADD CONSTRAINT "appeal_comments_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_supports" ADD CONSTRAINT "appeal_supports_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_supports" ADD CONSTRAINT "appeal_supports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_author_org_id_orgs_id_fk" FOREIGN KEY ("author_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_triaged_by_users_id_fk" FOREIGN KEY ("triaged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_handler_org_id_orgs_id_fk" FOREIGN KEY ("handler_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeals" ADD CONSTRAINT "appeals_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_sessions" ADD CONSTRAINT "congress_sessions_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congresses" ADD CONSTRAINT "congresses_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congresses" ADD CONSTRAINT "congresses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_thread_id_contact_threads_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."contact_threads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_messages" ADD CONSTRAINT "contact_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_worker_user_id_users_id_fk" FOREIGN KEY ("worker_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_threads" ADD CONSTRAINT "contact_threads_worker_org_id_orgs_id_fk" FOREIGN KEY ("worker_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_co_handlers" ADD CONSTRAINT "proposal_co_handlers_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_co_handlers" ADD CONSTRAINT "proposal_co_handlers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_cosigners" ADD CONSTRAINT "proposal_cosigners_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_cosigners" ADD CONSTRAINT "proposal_cosigners_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_cosigners" ADD CONSTRAINT "proposal_cosigners_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_updates" ADD CONSTRAINT "proposal_updates_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_updates" ADD CONSTRAINT "proposal_updates_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_updates" ADD CONSTRAINT "proposal_updates_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_proposer_rep_id_representatives_id_fk" FOREIGN KEY ("proposer_rep_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_proposer_user_id_users_id_fk" FOREIGN KEY ("proposer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_lead_org_id_orgs_id_fk" FOREIGN KEY ("lead_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_replied_by_users_id_fk" FOREIGN KEY ("replied_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_attempts" ADD CONSTRAINT "referral_attempts_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_endpoints" ADD CONSTRAINT "referral_endpoints_partner_org_id_orgs_id_fk" FOREIGN KEY ("partner_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_endpoints" ADD CONSTRAINT "referral_endpoints_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_appeal_id_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_partner_org_id_orgs_id_fk" FOREIGN KEY ("partner_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervise_notices" ADD CONSTRAINT "supervise_notices_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appeal_comments_appeal_idx" ON "appeal_comments" USING btree ("appeal_id","created_at");--> statement-breakpoint
CREATE INDEX "appeal_comments_state_idx" ON "appeal_comments" USING btree ("state");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_supports_uq" ON "appeal_supports" USING btree ("appeal_id","user_id");--> statement-breakpoint
CREATE INDEX "appeals_path_idx" ON "appeals" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "appeals_state_idx" ON "appeals" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "appeals_author_idx" ON "appeals" USING btree ("author_user_id");--> statement-breakpoint
CREATE INDEX "appeals_handler_idx" ON "appeals" USING btree ("handler_org_id","state");--> statement-breakpoint
CREATE INDEX "congress_sessions_congress_idx" ON "congress_sessions" USING btree ("congress_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "congresses_org_term_uq" ON "congresses" USING btree ("org_id","term_no");--> statement-breakpoint
CREATE INDEX "congresses_path_idx" ON "congresses" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "contact_messages_thread_idx" ON "contact_messages" USING btree ("thread_id","created_at");--> statement-breakpoint
CREATE INDEX "contact_threads_rep_idx" ON "contact_threads" USING btree ("representative_id","last_message_at");--> statement-breakpoint
CREATE INDEX "contact_threads_worker_idx" ON "contact_threads" USING btree ("worker_user_id","last_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_co_handlers_uq" ON "proposal_co_handlers" USING btree ("proposal_id","org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_cosigners_uq" ON "proposal_cosigners" USING btree ("proposal_id","representative_id");--> statement-breakpoint
CREATE INDEX "proposal_cosigners_user_idx" ON "proposal_cosigners" USING btree ("user_id","state");--> statement-breakpoint
CREATE INDEX "proposal_updates_proposal_idx" ON "proposal_updates" USING btree ("proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "proposals_path_idx" ON "proposals" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "proposals_congress_idx" ON "proposals" USING btree ("congress_id","state");--> statement-breakpoint
CREATE INDEX "proposals_proposer_idx" ON "proposals" USING btree ("proposer_user_id");--> statement-breakpoint
CREATE INDEX "proposals_lead_idx" ON "proposals" USING btree ("lead_org_id","state");--> statement-breakpoint
CREATE INDEX "proposals_due_idx" ON "proposals" USING btree ("due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_attempts_uq" ON "referral_attempts" USING btree ("referral_id","no");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_events_event_uq" ON "referral_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "referral_events_referral_idx" ON "referral_events" USING btree ("referral_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_appeal_uq" ON "referrals" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "referrals_path_idx" ON "referrals" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "referrals_partner_idx" ON "referrals" USING btree ("partner_org_id","state");--> statement-breakpoint
CREATE INDEX "referrals_next_attempt_idx" ON "referrals" USING btree ("next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "representatives_congress_user_uq" ON "representatives" USING btree ("congress_id","user_id");--> statement-breakpoint
CREATE INDEX "representatives_user_idx" ON "representatives" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "representatives_path_idx" ON "representatives" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "supervise_notices_uq" ON "supervise_notices" USING btree ("subject","subject_id","step","due_at","level");--> statement-breakpoint
CREATE INDEX "supervise_notices_subject_idx" ON "supervise_notices" USING btree ("subject","subject_id");--> statement-breakpoint
-- Handling updates, delivery attempts and platform status events are the record of what happened:
-- append-only, so nobody may rewrite a reply, an attempt log or a callback after the fact.
CREATE OR REPLACE FUNCTION proposals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER proposal_updates_append_only BEFORE UPDATE OR DELETE ON proposal_updates
  FOR EACH ROW EXECUTE FUNCTION proposals_append_only();
--> statement-breakpoint
CREATE TRIGGER referral_attempts_append_only BEFORE UPDATE OR DELETE ON referral_attempts
  FOR EACH ROW EXECUTE FUNCTION proposals_append_only();
--> statement-breakpoint
CREATE TRIGGER referral_events_append_only BEFORE UPDATE OR DELETE ON referral_events
  FOR EACH ROW EXECUTE FUNCTION proposals_append_only();
