CREATE TABLE "hardship_stats_assistance" (
	"org_id" integer NOT NULL,
	"month" text NOT NULL,
	"type" text NOT NULL,
	"n" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "hardship_stats_assistance_org_id_month_type_pk" PRIMARY KEY("org_id","month","type")
);
--> statement-breakpoint
CREATE TABLE "hardship_stats_meta" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	"ms" integer NOT NULL,
	CONSTRAINT "hardship_stats_meta_one_row" CHECK ("hardship_stats_meta"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "hardship_stats_monthly" (
	"org_id" integer NOT NULL,
	"month" text NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"accepted_filed" integer DEFAULT 0 NOT NULL,
	"filed" integer DEFAULT 0 NOT NULL,
	"exited" integer DEFAULT 0 NOT NULL,
	"reentered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hardship_stats_monthly_org_id_month_pk" PRIMARY KEY("org_id","month")
);
--> statement-breakpoint
CREATE TABLE "hardship_stats_stock" (
	"org_id" integer NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	"within30" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hardship_stats_stock_org_id_dim_key_pk" PRIMARY KEY("org_id","dim","key")
);
--> statement-breakpoint
CREATE INDEX "hardship_stats_assistance_month_idx" ON "hardship_stats_assistance" USING btree ("month");--> statement-breakpoint
CREATE INDEX "hardship_stats_monthly_month_idx" ON "hardship_stats_monthly" USING btree ("month");