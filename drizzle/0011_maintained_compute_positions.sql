CREATE TABLE "compute_positions" (
	"uscc" text NOT NULL,
	"year" integer NOT NULL,
	"basis" text NOT NULL,
	"verified_spend" bigint NOT NULL,
	"eligible_spend" bigint NOT NULL,
	"counted_invoices" integer NOT NULL,
	"excluded_invoices" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compute_positions_uscc_year_pk" PRIMARY KEY("uscc","year")
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "position_year" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "counted_amount" bigint;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "exclusions" jsonb;--> statement-breakpoint
CREATE INDEX "invoices_enterprise_position" ON "invoices" USING btree ("enterprise_uscc","position_year");