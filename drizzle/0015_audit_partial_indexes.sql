DROP INDEX "audit_action_ip_idx";--> statement-breakpoint
DROP INDEX "audit_actor_idx";--> statement-breakpoint
CREATE INDEX "audit_action_ip_idx" ON "audit_log" USING btree ("action","ip","at") WHERE "audit_log"."result" = 'failure';--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_log" USING btree ("actor_user_id","at") WHERE "audit_log"."actor_user_id" is not null;