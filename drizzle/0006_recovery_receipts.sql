CREATE TABLE "recovery_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"case_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"received_on" text NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recovery_cases" ADD COLUMN "recovered" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "recovery_cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recovery_cases" ADD COLUMN "close_reason" text;--> statement-breakpoint
ALTER TABLE "recovery_receipts" ADD CONSTRAINT "recovery_receipts_case_id_recovery_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."recovery_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_receipts_reference_key" ON "recovery_receipts" USING btree ("case_id","reference");