CREATE TABLE "hardship_qr_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_id" integer NOT NULL,
	"outcome" text NOT NULL,
	"ip" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hardship_qr_attempts_outcome_check" CHECK ("hardship_qr_attempts"."outcome" in ('ok', 'wrong', 'locked'))
);
--> statement-breakpoint
CREATE TABLE "hardship_qr_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"archive_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"token_enc" text NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"replaced_by_id" integer,
	"verify_failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone,
	"locked_until" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone,
	CONSTRAINT "hardship_qr_tokens_state_check" CHECK ("hardship_qr_tokens"."state" in ('active', 'replaced'))
);
--> statement-breakpoint
ALTER TABLE "hardship_qr_attempts" ADD CONSTRAINT "hardship_qr_attempts_token_id_hardship_qr_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."hardship_qr_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_qr_tokens" ADD CONSTRAINT "hardship_qr_tokens_archive_id_hardship_archives_id_fk" FOREIGN KEY ("archive_id") REFERENCES "public"."hardship_archives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_qr_tokens" ADD CONSTRAINT "hardship_qr_tokens_replaced_by_id_hardship_qr_tokens_id_fk" FOREIGN KEY ("replaced_by_id") REFERENCES "public"."hardship_qr_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_qr_tokens" ADD CONSTRAINT "hardship_qr_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_qr_attempts_token_idx" ON "hardship_qr_attempts" USING btree ("token_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_qr_tokens_hash_uq" ON "hardship_qr_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_qr_tokens_active_uq" ON "hardship_qr_tokens" USING btree ("archive_id") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "hardship_qr_tokens_archive_idx" ON "hardship_qr_tokens" USING btree ("archive_id","id");