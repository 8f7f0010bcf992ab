CREATE TABLE "duty_archive_scores" (
	"id" serial PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"representative_id" integer NOT NULL,
	"rank" integer NOT NULL,
	"delegation_rank" integer NOT NULL,
	"total" numeric(10, 2) NOT NULL,
	"row" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_archives" (
	"congress_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"scheme_version" integer NOT NULL,
	"representative_count" integer NOT NULL,
	"record_count" integer NOT NULL,
	"note" text,
	"archived_by" integer,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"representative_id" integer NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"item_code" text,
	"title" text NOT NULL,
	"detail" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"ratio" numeric(5, 4) DEFAULT 1 NOT NULL,
	"base_points" integer DEFAULT 0 NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"created_by" integer,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_records_state_check" CHECK ("duty_records"."state" in ('counted', 'pending', 'approved', 'rejected', 'void'))
);
--> statement-breakpoint
CREATE TABLE "duty_reminders" (
	"id" serial PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"representative_id" integer NOT NULL,
	"idle_days" integer,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_schemes" (
	"id" serial PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_session_checkins" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"congress_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"kind" text DEFAULT 'congress' NOT NULL,
	"token" text NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_session_checkins_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "session_attendance" (
	"id" serial PRIMARY KEY NOT NULL,
	"session_id" integer NOT NULL,
	"congress_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"representative_id" integer NOT NULL,
	"state" text NOT NULL,
	"method" text,
	"checked_in_at" timestamp with time zone,
	"note" text,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_attendance_state_check" CHECK ("session_attendance"."state" in ('present', 'leave', 'absent'))
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"id" serial PRIMARY KEY NOT NULL,
	"survey_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"subject_rep_id" integer,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"responded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" integer NOT NULL,
	"subject_rep_id" integer,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"respondent_user_id" integer,
	"answers" jsonb NOT NULL,
	"counted_answers" integer NOT NULL,
	"satisfied_answers" integer NOT NULL,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"title" text NOT NULL,
	"intro" text,
	"purpose" text NOT NULL,
	"congress_id" integer,
	"anonymous" boolean NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"questions" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_state_check" CHECK ("surveys"."state" in ('draft', 'open', 'closed')),
	CONSTRAINT "surveys_purpose_check" CHECK ("surveys"."purpose" in ('union', 'representatives', 'union_rates_reps'))
);
--> statement-breakpoint
ALTER TABLE "duty_archive_scores" ADD CONSTRAINT "duty_archive_scores_congress_id_duty_archives_congress_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."duty_archives"("congress_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_archive_scores" ADD CONSTRAINT "duty_archive_scores_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_archives" ADD CONSTRAINT "duty_archives_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_archives" ADD CONSTRAINT "duty_archives_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_archives" ADD CONSTRAINT "duty_archives_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_records" ADD CONSTRAINT "duty_records_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_records" ADD CONSTRAINT "duty_records_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_records" ADD CONSTRAINT "duty_records_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_records" ADD CONSTRAINT "duty_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_records" ADD CONSTRAINT "duty_records_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_reminders" ADD CONSTRAINT "duty_reminders_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_reminders" ADD CONSTRAINT "duty_reminders_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_schemes" ADD CONSTRAINT "duty_schemes_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_schemes" ADD CONSTRAINT "duty_schemes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_schemes" ADD CONSTRAINT "duty_schemes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_session_checkins" ADD CONSTRAINT "duty_session_checkins_session_id_congress_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."congress_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_session_checkins" ADD CONSTRAINT "duty_session_checkins_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_session_checkins" ADD CONSTRAINT "duty_session_checkins_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_session_id_congress_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."congress_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_representative_id_representatives_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_subject_rep_id_representatives_id_fk" FOREIGN KEY ("subject_rep_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_subject_rep_id_representatives_id_fk" FOREIGN KEY ("subject_rep_id") REFERENCES "public"."representatives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_respondent_user_id_users_id_fk" FOREIGN KEY ("respondent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_congress_id_congresses_id_fk" FOREIGN KEY ("congress_id") REFERENCES "public"."congresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "duty_archive_scores_uq" ON "duty_archive_scores" USING btree ("congress_id","representative_id");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_records_source_uq" ON "duty_records" USING btree ("representative_id","source","source_ref") WHERE "duty_records"."source_ref" is not null;--> statement-breakpoint
CREATE INDEX "duty_records_congress_rep_idx" ON "duty_records" USING btree ("congress_id","representative_id","item_code","occurred_at");--> statement-breakpoint
CREATE INDEX "duty_records_state_idx" ON "duty_records" USING btree ("congress_id","state");--> statement-breakpoint
CREATE INDEX "duty_records_path_idx" ON "duty_records" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "duty_reminders_rep_idx" ON "duty_reminders" USING btree ("representative_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "duty_schemes_congress_version_uq" ON "duty_schemes" USING btree ("congress_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "session_attendance_uq" ON "session_attendance" USING btree ("session_id","representative_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_uq" ON "survey_invitations" USING btree ("survey_id","user_id",coalesce("subject_rep_id", 0));--> statement-breakpoint
CREATE INDEX "survey_invitations_survey_idx" ON "survey_invitations" USING btree ("survey_id","org_path");--> statement-breakpoint
CREATE INDEX "survey_invitations_user_idx" ON "survey_invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("survey_id","org_path");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_named_uq" ON "survey_responses" USING btree ("survey_id","respondent_user_id",coalesce("subject_rep_id", 0)) WHERE "survey_responses"."respondent_user_id" is not null;--> statement-breakpoint
CREATE INDEX "surveys_path_idx" ON "surveys" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
-- 归档 (issue #9): once a term is archived (a duty_archives row), its schemes, records, check-ins and
-- attendance are frozen; only the copy of the org path may follow an org move.
CREATE OR REPLACE FUNCTION duty_term_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cid integer;
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'org_path') = (to_jsonb(OLD) - 'org_path') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN cid := OLD.congress_id; ELSE cid := NEW.congress_id; END IF;
  IF EXISTS (SELECT 1 FROM duty_archives a WHERE a.congress_id = cid)
     OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM duty_archives a WHERE a.congress_id = OLD.congress_id)) THEN
    RAISE EXCEPTION '% of an archived term cannot change (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER duty_records_frozen BEFORE INSERT OR UPDATE OR DELETE ON duty_records
  FOR EACH ROW EXECUTE FUNCTION duty_term_frozen();
--> statement-breakpoint
CREATE TRIGGER session_attendance_frozen BEFORE INSERT OR UPDATE OR DELETE ON session_attendance
  FOR EACH ROW EXECUTE FUNCTION duty_term_frozen();
--> statement-breakpoint
CREATE TRIGGER duty_session_checkins_frozen BEFORE INSERT OR UPDATE OR DELETE ON duty_session_checkins
  FOR EACH ROW EXECUTE FUNCTION duty_term_frozen();
--> statement-breakpoint
CREATE TRIGGER duty_schemes_frozen BEFORE INSERT ON duty_schemes
  FOR EACH ROW EXECUTE FUNCTION duty_term_frozen();
--> statement-breakpoint
-- Scheme versions, archives and archived scores are history: never rewritten (org path copies aside).
CREATE OR REPLACE FUNCTION duty_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'org_path') = (to_jsonb(OLD) - 'org_path') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;
--> statement-breakpoint
CREATE TRIGGER duty_schemes_append_only BEFORE UPDATE OR DELETE ON duty_schemes
  FOR EACH ROW EXECUTE FUNCTION duty_append_only();
--> statement-breakpoint
CREATE TRIGGER duty_archives_append_only BEFORE UPDATE OR DELETE ON duty_archives
  FOR EACH ROW EXECUTE FUNCTION duty_append_only();
--> statement-breakpoint
CREATE TRIGGER duty_archive_scores_append_only BEFORE UPDATE OR DELETE ON duty_archive_scores
  FOR EACH ROW EXECUTE FUNCTION duty_append_only();
--> statement-breakpoint
-- The frozen leaderboard is written only in the transaction that archives the term.
CREATE OR REPLACE FUNCTION duty_archive_scores_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM duty_archives a WHERE a.congress_id = NEW.congress_id AND a.archived_at = now()) THEN
    RAISE EXCEPTION 'duty_archive_scores are written only when the term is archived' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER duty_archive_scores_once BEFORE INSERT ON duty_archive_scores
  FOR EACH ROW EXECUTE FUNCTION duty_archive_scores_once();
--> statement-breakpoint
-- Survey responses are never edited or deleted.
CREATE TRIGGER survey_responses_append_only BEFORE UPDATE OR DELETE ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION duty_append_only();
