CREATE TABLE "budget_rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"notice_id" text NOT NULL,
	"funding_source" text NOT NULL,
	"year" integer NOT NULL,
	"budget" bigint,
	"budget_set_at" timestamp with time zone,
	"committed_before" bigint NOT NULL,
	"available" bigint,
	"total" bigint NOT NULL,
	"awards" integer NOT NULL,
	"scaled" boolean NOT NULL,
	"ratio_numerator" bigint NOT NULL,
	"ratio_denominator" bigint NOT NULL,
	"trace" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "applications_live_key";--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "intelligent_amount" bigint;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "subject" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "applied_on" date;--> statement-breakpoint
-- Applications stored before the column existed were submitted on the day they were created (Asia/Shanghai).
UPDATE "applications" SET "applied_on" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date;--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "applied_on" SET NOT NULL;--> statement-breakpoint
-- Until the next matching run rewrites it: a verified invoice of an intelligent service type counts whole.
UPDATE "invoices" SET "intelligent_amount" = CASE WHEN "verified_service_type" IN ('gpu_compute', 'npu_compute', 'ai_accelerator_compute') THEN "total_with_tax" ELSE 0 END WHERE "verified";--> statement-breakpoint
ALTER TABLE "budget_rounds" ADD CONSTRAINT "budget_rounds_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budget_rounds_key" ON "budget_rounds" USING btree ("notice_id","funding_source","year");--> statement-breakpoint
CREATE INDEX "budget_rounds_source_year" ON "budget_rounds" USING btree ("funding_source","year");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_live_subject_key" ON "applications" USING btree ("uscc","type","subject") WHERE live and type in ('product', 'platform', 'enterprise');--> statement-breakpoint
CREATE INDEX "applications_subject" ON "applications" USING btree ("uscc","type","subject");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_live_key" ON "applications" USING btree ("uscc","type","year") WHERE live and type in ('compute_subsidy', 'vertical_model');