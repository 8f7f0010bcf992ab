CREATE TABLE "supply_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_org_id" integer NOT NULL,
	"hub_org_path" text NOT NULL,
	"supplier_org_id" integer,
	"source" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"unit" text NOT NULL,
	"spec" text,
	"photo_file_id" text,
	"unit_value_fen" integer NOT NULL,
	"per_request_limit" integer,
	"active_from" timestamp with time zone,
	"active_until" timestamp with time zone,
	"state" text DEFAULT 'active' NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_items_value_check" CHECK ("supply_items"."unit_value_fen" >= 0),
	CONSTRAINT "supply_items_limit_check" CHECK ("supply_items"."per_request_limit" is null or "supply_items"."per_request_limit" > 0),
	CONSTRAINT "supply_items_state_check" CHECK ("supply_items"."state" in ('active', 'inactive')),
	CONSTRAINT "supply_items_source_check" CHECK ("supply_items"."source" in ('partner', 'union_purchase'))
);
--> statement-breakpoint
CREATE TABLE "supply_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone_enc" text NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_points_kind_check" CHECK ("supply_points"."kind" in ('designated_hospital', 'field_hospital', 'lodging', 'other'))
);
--> statement-breakpoint
CREATE TABLE "supply_request_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"request_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"requested" integer NOT NULL,
	"approved" integer,
	"shipped" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"reduce_reason" text,
	"close_reason" text,
	CONSTRAINT "supply_request_lines_requested_check" CHECK ("supply_request_lines"."requested" > 0),
	CONSTRAINT "supply_request_lines_approved_check" CHECK ("supply_request_lines"."approved" is null or ("supply_request_lines"."approved" >= 0 and "supply_request_lines"."approved" <= "supply_request_lines"."requested")),
	CONSTRAINT "supply_request_lines_shipped_check" CHECK ("supply_request_lines"."shipped" >= 0 and "supply_request_lines"."shipped" <= coalesce("supply_request_lines"."approved", 0)),
	CONSTRAINT "supply_request_lines_received_check" CHECK ("supply_request_lines"."received" >= 0 and "supply_request_lines"."received" <= "supply_request_lines"."shipped"),
	CONSTRAINT "supply_request_lines_state_check" CHECK ("supply_request_lines"."state" in ('open', 'received', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "supply_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"hub_org_id" integer NOT NULL,
	"hub_org_path" text NOT NULL,
	"point_id" integer NOT NULL,
	"state" text NOT NULL,
	"urgency" text NOT NULL,
	"staff_served" integer NOT NULL,
	"note" text,
	"channel" text NOT NULL,
	"caller_name" text,
	"caller_phone_enc" text,
	"entered_by" integer,
	"copied_from_id" integer,
	"special_request_id" integer,
	"review_note" text,
	"reject_reason" text,
	"reviewed_by" integer,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reviewed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_requests_state_check" CHECK ("supply_requests"."state" in ('submitted', 'approved', 'dispatching', 'completed', 'rejected', 'withdrawn')),
	CONSTRAINT "supply_requests_urgency_check" CHECK ("supply_requests"."urgency" in ('critical', 'urgent', 'normal')),
	CONSTRAINT "supply_requests_channel_check" CHECK ("supply_requests"."channel" in ('online', 'hotline', 'special')),
	CONSTRAINT "supply_requests_staff_check" CHECK ("supply_requests"."staff_served" > 0)
);
--> statement-breakpoint
CREATE TABLE "supply_shipment_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"shipment_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"request_line_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"received" integer,
	CONSTRAINT "supply_shipment_lines_quantity_check" CHECK ("supply_shipment_lines"."quantity" > 0),
	CONSTRAINT "supply_shipment_lines_received_check" CHECK ("supply_shipment_lines"."received" is null or ("supply_shipment_lines"."received" >= 0 and "supply_shipment_lines"."received" <= "supply_shipment_lines"."quantity"))
);
--> statement-breakpoint
CREATE TABLE "supply_shipments" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"hub_org_id" integer NOT NULL,
	"hub_org_path" text NOT NULL,
	"partner_org_id" integer NOT NULL,
	"point_id" integer NOT NULL,
	"unit_org_path" text NOT NULL,
	"state" text NOT NULL,
	"urgency" text NOT NULL,
	"vehicle_plate" text,
	"driver_name" text,
	"driver_phone_enc" text,
	"driver_tested_at" timestamp with time zone,
	"disinfection" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"departed_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"recipient_name" text,
	"photo_file_id" text,
	"exception_reason" text,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_shipments_state_check" CHECK ("supply_shipments"."state" in ('pending', 'departed', 'in_transit', 'delivered', 'exception'))
);
--> statement-breakpoint
CREATE TABLE "supply_special_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" text NOT NULL,
	"hub_org_id" integer NOT NULL,
	"hub_org_path" text NOT NULL,
	"point_id" integer NOT NULL,
	"state" text NOT NULL,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text NOT NULL,
	"reason" text NOT NULL,
	"urgency" text NOT NULL,
	"staff_served" integer NOT NULL,
	"handling_note" text,
	"request_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_special_quantity_check" CHECK ("supply_special_requests"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "supply_stock_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"quantity" integer NOT NULL,
	"on_hand_after" integer NOT NULL,
	"reserved_after" integer NOT NULL,
	"reason" text,
	"request_id" integer,
	"request_line_id" integer,
	"shipment_id" integer,
	"actor_user_id" integer,
	"actor_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supply_stock_entries_kind_check" CHECK ("supply_stock_entries"."kind" in ('received', 'reserved', 'released', 'shipped', 'adjusted')),
	CONSTRAINT "supply_stock_entries_on_hand_check" CHECK ("supply_stock_entries"."on_hand_after" >= 0),
	CONSTRAINT "supply_stock_entries_reserved_check" CHECK ("supply_stock_entries"."reserved_after" >= 0),
	CONSTRAINT "supply_stock_entries_available_check" CHECK ("supply_stock_entries"."on_hand_after" >= "supply_stock_entries"."reserved_after"),
	CONSTRAINT "supply_stock_entries_quantity_check" CHECK (("supply_stock_entries"."kind" = 'adjusted' and "supply_stock_entries"."quantity" <> 0) or "supply_stock_entries"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "supply_items" ADD CONSTRAINT "supply_items_hub_org_id_orgs_id_fk" FOREIGN KEY ("hub_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_items" ADD CONSTRAINT "supply_items_supplier_org_id_orgs_id_fk" FOREIGN KEY ("supplier_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_items" ADD CONSTRAINT "supply_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_points" ADD CONSTRAINT "supply_points_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_points" ADD CONSTRAINT "supply_points_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_request_lines" ADD CONSTRAINT "supply_request_lines_request_id_supply_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."supply_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_request_lines" ADD CONSTRAINT "supply_request_lines_item_id_supply_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supply_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_requests" ADD CONSTRAINT "supply_requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_requests" ADD CONSTRAINT "supply_requests_hub_org_id_orgs_id_fk" FOREIGN KEY ("hub_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_requests" ADD CONSTRAINT "supply_requests_point_id_supply_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."supply_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_requests" ADD CONSTRAINT "supply_requests_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_requests" ADD CONSTRAINT "supply_requests_special_request_id_supply_special_requests_id_fk" FOREIGN KEY ("special_request_id") REFERENCES "public"."supply_special_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_requests" ADD CONSTRAINT "supply_requests_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipment_lines" ADD CONSTRAINT "supply_shipment_lines_shipment_id_supply_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."supply_shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipment_lines" ADD CONSTRAINT "supply_shipment_lines_request_id_supply_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."supply_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipment_lines" ADD CONSTRAINT "supply_shipment_lines_request_line_id_supply_request_lines_id_fk" FOREIGN KEY ("request_line_id") REFERENCES "public"."supply_request_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipment_lines" ADD CONSTRAINT "supply_shipment_lines_item_id_supply_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supply_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipments" ADD CONSTRAINT "supply_shipments_hub_org_id_orgs_id_fk" FOREIGN KEY ("hub_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipments" ADD CONSTRAINT "supply_shipments_partner_org_id_orgs_id_fk" FOREIGN KEY ("partner_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipments" ADD CONSTRAINT "supply_shipments_point_id_supply_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."supply_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_shipments" ADD CONSTRAINT "supply_shipments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_special_requests" ADD CONSTRAINT "supply_special_requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_special_requests" ADD CONSTRAINT "supply_special_requests_hub_org_id_orgs_id_fk" FOREIGN KEY ("hub_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_special_requests" ADD CONSTRAINT "supply_special_requests_point_id_supply_points_id_fk" FOREIGN KEY ("point_id") REFERENCES "public"."supply_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_special_requests" ADD CONSTRAINT "supply_special_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_stock_entries" ADD CONSTRAINT "supply_stock_entries_item_id_supply_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supply_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_stock_entries" ADD CONSTRAINT "supply_stock_entries_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supply_items_hub_idx" ON "supply_items" USING btree ("hub_org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "supply_items_supplier_idx" ON "supply_items" USING btree ("supplier_org_id");--> statement-breakpoint
CREATE INDEX "supply_points_path_idx" ON "supply_points" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "supply_request_lines_item_uq" ON "supply_request_lines" USING btree ("request_id","item_id");--> statement-breakpoint
CREATE INDEX "supply_request_lines_item_idx" ON "supply_request_lines" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_requests_code_uq" ON "supply_requests" USING btree ("code");--> statement-breakpoint
CREATE INDEX "supply_requests_path_state_idx" ON "supply_requests" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "supply_requests_hub_state_idx" ON "supply_requests" USING btree ("hub_org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "supply_requests_submitted_idx" ON "supply_requests" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "supply_requests_point_idx" ON "supply_requests" USING btree ("point_id");--> statement-breakpoint
CREATE INDEX "supply_shipment_lines_shipment_idx" ON "supply_shipment_lines" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "supply_shipment_lines_request_idx" ON "supply_shipment_lines" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "supply_shipment_lines_line_idx" ON "supply_shipment_lines" USING btree ("request_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_shipments_code_uq" ON "supply_shipments" USING btree ("code");--> statement-breakpoint
CREATE INDEX "supply_shipments_partner_idx" ON "supply_shipments" USING btree ("partner_org_id","state");--> statement-breakpoint
CREATE INDEX "supply_shipments_hub_idx" ON "supply_shipments" USING btree ("hub_org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "supply_shipments_unit_idx" ON "supply_shipments" USING btree ("unit_org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "supply_shipments_point_idx" ON "supply_shipments" USING btree ("point_id");--> statement-breakpoint
CREATE INDEX "supply_special_path_idx" ON "supply_special_requests" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "supply_special_hub_idx" ON "supply_special_requests" USING btree ("hub_org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_stock_entries_item_seq_uq" ON "supply_stock_entries" USING btree ("item_id","seq");--> statement-breakpoint
CREATE INDEX "supply_stock_entries_request_idx" ON "supply_stock_entries" USING btree ("request_id");--> statement-breakpoint
-- The stock ledger is append-only: stock is derived from it, so nobody may rewrite its history.
CREATE OR REPLACE FUNCTION supply_stock_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'supply_stock_entries is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER supply_stock_entries_append_only BEFORE UPDATE OR DELETE ON supply_stock_entries
  FOR EACH ROW EXECUTE FUNCTION supply_stock_entries_append_only();
--> statement-breakpoint
CREATE TRIGGER supply_stock_entries_no_truncate BEFORE TRUNCATE ON supply_stock_entries
  FOR EACH STATEMENT EXECUTE FUNCTION supply_stock_entries_append_only();
