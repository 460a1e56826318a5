CREATE TABLE "application_transitions" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"event" text NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"revision" integer NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "live" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "extension_months" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "eligible" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "actor" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "objected_by" text NOT NULL;--> statement-breakpoint
ALTER TABLE "objections" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "budgets" ADD COLUMN "updated_by" text;--> statement-breakpoint
ALTER TABLE "installments" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "paid_by" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "discarded_by" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payout_items" ADD COLUMN "computed" bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "payout_items" ADD COLUMN "ratio_numerator" bigint;--> statement-breakpoint
ALTER TABLE "payout_items" ADD COLUMN "ratio_denominator" bigint;--> statement-breakpoint
ALTER TABLE "recovery_cases" ADD COLUMN "invoice_id" text;--> statement-breakpoint
ALTER TABLE "recovery_cases" ADD COLUMN "opened_by" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "application_transitions" ADD CONSTRAINT "application_transitions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_transitions_application" ON "application_transitions" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_live_key" ON "applications" USING btree ("uscc","type","year") WHERE live;--> statement-breakpoint
CREATE INDEX "installments_status" ON "installments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "payout_items_batch" ON "payout_items" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_cases_invoice_key" ON "recovery_cases" USING btree ("kind","invoice_id");