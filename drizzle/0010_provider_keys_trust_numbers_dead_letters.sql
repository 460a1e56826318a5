CREATE TABLE "provider_accounts" (
	"provider_id" text NOT NULL,
	"account_id" text NOT NULL,
	"uscc" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_accounts_provider_id_account_id_pk" PRIMARY KEY("provider_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "provider_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"key_id" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "trust_anchors" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"serial_number" text NOT NULL,
	"fingerprint_sha256" text NOT NULL,
	"der" "bytea" NOT NULL,
	"not_before" timestamp with time zone,
	"not_after" timestamp with time zone,
	"added_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"job_name" text NOT NULL,
	"job_id" text NOT NULL,
	"subject" text,
	"payload" jsonb NOT NULL,
	"attempts" integer NOT NULL,
	"last_error" text NOT NULL,
	"first_failed_at" timestamp with time zone NOT NULL,
	"last_failed_at" timestamp with time zone NOT NULL,
	"retried_at" timestamp with time zone,
	"retried_by" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "number_sequences" (
	"scope" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "providers" ALTER COLUMN "key_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ALTER COLUMN "secret_sealed" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "signature" jsonb;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "number" text;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD COLUMN "number" text;--> statement-breakpoint
ALTER TABLE "provider_accounts" ADD CONSTRAINT "provider_accounts_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_keys" ADD CONSTRAINT "provider_keys_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_keys_key_id_key" ON "provider_keys" USING btree ("key_id");--> statement-breakpoint
CREATE INDEX "provider_keys_provider" ON "provider_keys" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trust_anchors_fingerprint_key" ON "trust_anchors" USING btree ("fingerprint_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "dead_letters_open_key" ON "dead_letters" USING btree ("job_name","job_id") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "dead_letters_job" ON "dead_letters" USING btree ("job_name");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_number_key" ON "applications" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_batches_number_key" ON "payout_batches" USING btree ("number");--> statement-breakpoint
-- Every provider's registered key becomes its first signing key.
INSERT INTO "provider_keys" ("id", "provider_id", "key_id", "secret_sealed", "created_by", "created_at")
SELECT 'pkey_' || md5("key_id"), "id", "key_id", "secret_sealed", 'system', "created_at" FROM "providers" WHERE "key_id" IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Applications and batches stored before numbers existed get theirs in the order they were made.
WITH numbered AS (
  SELECT "id", "year",
    CASE "office" WHEN '3501' THEN 'FZ' WHEN '3502' THEN 'XM' WHEN '3503' THEN 'PU' WHEN '3504' THEN 'SM' WHEN '3505' THEN 'QZ'
      WHEN '3506' THEN 'ZZ' WHEN '3507' THEN 'NP' WHEN '3508' THEN 'LY' WHEN '3509' THEN 'ND' WHEN 'pingtan' THEN 'PT' ELSE 'XX' END AS code,
    row_number() OVER (PARTITION BY "year", "office" ORDER BY "created_at", "id") AS n
  FROM "applications" WHERE "number" IS NULL)
UPDATE "applications" a SET "number" = numbered."year" || '-' || numbered.code || '-' || lpad(numbered.n::text, 5, '0')
FROM numbered WHERE a."id" = numbered."id";
--> statement-breakpoint
INSERT INTO "number_sequences" ("scope", "last")
SELECT 'application:' || split_part("number", '-', 1) || ':' || split_part("number", '-', 2), max(split_part("number", '-', 3)::int)
FROM "applications" WHERE "number" IS NOT NULL GROUP BY 1
ON CONFLICT ("scope") DO UPDATE SET "last" = greatest("number_sequences"."last", excluded."last");
--> statement-breakpoint
WITH numbered AS (
  SELECT "id", extract(year FROM "created_at" AT TIME ZONE 'Asia/Shanghai')::int AS y,
    CASE "funding_source" WHEN 'xiamen' THEN 'XM' ELSE 'SJ' END AS code,
    row_number() OVER (PARTITION BY extract(year FROM "created_at" AT TIME ZONE 'Asia/Shanghai'), "funding_source" ORDER BY "created_at", "id") AS n
  FROM "payout_batches" WHERE "number" IS NULL)
UPDATE "payout_batches" b SET "number" = numbered.y || '-' || numbered.code || '-' || lpad(numbered.n::text, 4, '0')
FROM numbered WHERE b."id" = numbered."id";
--> statement-breakpoint
INSERT INTO "number_sequences" ("scope", "last")
SELECT 'batch:' || split_part("number", '-', 1) || ':' || split_part("number", '-', 2), max(split_part("number", '-', 3)::int)
FROM "payout_batches" WHERE "number" IS NOT NULL GROUP BY 1
ON CONFLICT ("scope") DO UPDATE SET "last" = greatest("number_sequences"."last", excluded."last");
