CREATE TABLE "hardship_assistance" (
	"id" serial PRIMARY KEY NOT NULL,
	"archive_id" integer NOT NULL,
	"type" text NOT NULL,
	"amount_fen" integer,
	"items" text,
	"date" date NOT NULL,
	"giving_org_id" integer NOT NULL,
	"note" text,
	"batch_id" text,
	"created_by" integer,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hardship_assistance_type_check" CHECK ("hardship_assistance"."type" in ('living', 'medical', 'schooling', 'employment', 'housing', 'socialInsurance', 'warmth', 'other')),
	CONSTRAINT "hardship_assistance_amount_check" CHECK ("hardship_assistance"."amount_fen" is null or "hardship_assistance"."amount_fen" >= 0),
	CONSTRAINT "hardship_assistance_given_check" CHECK ("hardship_assistance"."amount_fen" is not null or "hardship_assistance"."items" is not null)
);
--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_archive_id_hardship_archives_id_fk" FOREIGN KEY ("archive_id") REFERENCES "public"."hardship_archives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_giving_org_id_orgs_id_fk" FOREIGN KEY ("giving_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_assistance" ADD CONSTRAINT "hardship_assistance_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_assistance_archive_idx" ON "hardship_assistance" USING btree ("archive_id","date");--> statement-breakpoint
CREATE INDEX "hardship_assistance_date_idx" ON "hardship_assistance" USING btree ("date","type");