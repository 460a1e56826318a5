CREATE TABLE "credit_listings" (
	"id" text PRIMARY KEY NOT NULL,
	"uscc" text NOT NULL,
	"list" text NOT NULL,
	"listed_on" date NOT NULL,
	"removed_on" date,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"uscc" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"city" text,
	"office" text,
	"funding_source" text,
	"city_overridden" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_findings" (
	"id" text PRIMARY KEY NOT NULL,
	"uscc" text NOT NULL,
	"found_on" date NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_request_nonces" (
	"key_id" text NOT NULL,
	"signature" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" text PRIMARY KEY NOT NULL,
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"key_id" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "related_parties" (
	"uscc_a" text NOT NULL,
	"uscc_b" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"scope" text,
	"password_hash" text,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" integer NOT NULL,
	"media_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fraud_signals" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"uscc" text NOT NULL,
	"invoice_id" text,
	"details" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_items" (
	"invoice_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"name" text NOT NULL,
	"spec" text,
	"unit" text,
	"quantity" text,
	"unit_price" text,
	"amount" bigint NOT NULL,
	"tax_rate" text,
	"tax" bigint
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"enterprise_uscc" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_name" text,
	"format" text NOT NULL,
	"purpose" text NOT NULL,
	"status" text NOT NULL,
	"error" jsonb,
	"fields" jsonb,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"style" text,
	"invoice_code" text,
	"invoice_number" text,
	"issue_date" date,
	"seller_tax_id" text,
	"buyer_tax_id" text,
	"total_amount" bigint,
	"total_tax" bigint,
	"total_with_tax" bigint,
	"is_red" boolean,
	"original_invoice_number" text,
	"original_invoice_code" text,
	"uploaded_by" text NOT NULL,
	"parsed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"invoice_id" text,
	"statement_line_id" bigint,
	"status" text NOT NULL,
	"shape" text NOT NULL,
	"score" integer,
	"reason" text,
	"actor" text,
	"undone_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recon_breaks" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"enterprise_uscc" text,
	"provider_id" text,
	"invoice_id" text,
	"statement_line_id" bigint,
	"details" jsonb NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statement_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version_id" text NOT NULL,
	"line_id" text NOT NULL,
	"customer_uscc" text NOT NULL,
	"invoice_number" text,
	"invoice_code" text,
	"issue_date" date NOT NULL,
	"amount" bigint NOT NULL,
	"service_type" text NOT NULL,
	"description" text,
	"quantity" text,
	"unit" text
);
--> statement-breakpoint
CREATE TABLE "statement_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"statement_id" text NOT NULL,
	"version" integer NOT NULL,
	"body_sha256" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"line_count" integer NOT NULL,
	"total" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" text PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"external_id" text NOT NULL,
	"current_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_invoices" (
	"application_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"amount" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"uscc" text NOT NULL,
	"year" integer NOT NULL,
	"status" text NOT NULL,
	"office" text NOT NULL,
	"funding_source" text NOT NULL,
	"facts" jsonb NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"stage" text NOT NULL,
	"as_of" date NOT NULL,
	"decision" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_applications" (
	"notice_id" text NOT NULL,
	"application_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" text PRIMARY KEY NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "objections" (
	"id" text PRIMARY KEY NOT NULL,
	"notice_id" text NOT NULL,
	"application_id" text NOT NULL,
	"text" text NOT NULL,
	"resolution" text,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"funding_source" text NOT NULL,
	"year" integer NOT NULL,
	"amount" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installments" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"on" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"funding_source" text NOT NULL,
	"year" integer,
	"status" text NOT NULL,
	"total" bigint NOT NULL,
	"scaling" jsonb,
	"prepared_by" text NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payout_items" (
	"batch_id" text NOT NULL,
	"installment_id" text NOT NULL,
	"amount" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_cases" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"holidays" jsonb NOT NULL,
	"workdays" jsonb NOT NULL,
	"loaded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_name" text NOT NULL,
	"job_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"dispatched_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_parameters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"valid_from" date NOT NULL,
	"value" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_file_sha256_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_statement_line_id_statement_lines_id_fk" FOREIGN KEY ("statement_line_id") REFERENCES "public"."statement_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_version_id_statement_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."statement_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_versions" ADD CONSTRAINT "statement_versions_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_invoices" ADD CONSTRAINT "application_invoices_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_invoices" ADD CONSTRAINT "application_invoices_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_applications" ADD CONSTRAINT "notice_applications_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_applications" ADD CONSTRAINT "notice_applications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_items" ADD CONSTRAINT "payout_items_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_items" ADD CONSTRAINT "payout_items_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_cases" ADD CONSTRAINT "recovery_cases_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_listings_uscc" ON "credit_listings" USING btree ("uscc");--> statement-breakpoint
CREATE INDEX "fraud_findings_uscc" ON "fraud_findings" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_request_nonces_key" ON "provider_request_nonces" USING btree ("key_id","signature");--> statement-breakpoint
CREATE INDEX "provider_request_nonces_signed_at" ON "provider_request_nonces" USING btree ("signed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "providers_uscc_key" ON "providers" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "providers_key_id_key" ON "providers" USING btree ("key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "related_parties_pair" ON "related_parties" USING btree ("uscc_a","uscc_b");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "fraud_signals_uscc" ON "fraud_signals" USING btree ("uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "fraud_signals_key" ON "fraud_signals" USING btree ("kind","uscc","invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_items_key" ON "invoice_items" USING btree ("invoice_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_enterprise_file_key" ON "invoices" USING btree ("enterprise_uscc","file_sha256");--> statement-breakpoint
CREATE INDEX "invoices_number" ON "invoices" USING btree ("invoice_number","invoice_code");--> statement-breakpoint
CREATE INDEX "invoices_enterprise_date" ON "invoices" USING btree ("enterprise_uscc","issue_date");--> statement-breakpoint
CREATE INDEX "invoices_seller" ON "invoices" USING btree ("seller_tax_id");--> statement-breakpoint
CREATE INDEX "matches_invoice" ON "matches" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "matches_line" ON "matches" USING btree ("statement_line_id");--> statement-breakpoint
CREATE INDEX "matches_group" ON "matches" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "recon_breaks_enterprise" ON "recon_breaks" USING btree ("enterprise_uscc");--> statement-breakpoint
CREATE INDEX "recon_breaks_invoice" ON "recon_breaks" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_lines_key" ON "statement_lines" USING btree ("version_id","line_id");--> statement-breakpoint
CREATE INDEX "statement_lines_invoice" ON "statement_lines" USING btree ("invoice_number");--> statement-breakpoint
CREATE INDEX "statement_lines_customer" ON "statement_lines" USING btree ("customer_uscc");--> statement-breakpoint
CREATE UNIQUE INDEX "statement_versions_key" ON "statement_versions" USING btree ("statement_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "statements_provider_external_key" ON "statements" USING btree ("provider_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "application_invoices_invoice_key" ON "application_invoices" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "applications_office_status" ON "applications" USING btree ("office","status");--> statement-breakpoint
CREATE INDEX "applications_uscc_year" ON "applications" USING btree ("uscc","year");--> statement-breakpoint
CREATE INDEX "decisions_application" ON "decisions" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_applications_key" ON "notice_applications" USING btree ("notice_id","application_id");--> statement-breakpoint
CREATE INDEX "objections_application" ON "objections" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budgets_key" ON "budgets" USING btree ("funding_source","year");--> statement-breakpoint
CREATE UNIQUE INDEX "installments_key" ON "installments" USING btree ("application_id","on");--> statement-breakpoint
CREATE INDEX "payout_batches_source" ON "payout_batches" USING btree ("funding_source");--> statement-breakpoint
CREATE UNIQUE INDEX "payout_items_installment_key" ON "payout_items" USING btree ("installment_id");--> statement-breakpoint
CREATE INDEX "recovery_cases_application" ON "recovery_cases" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_id_key" ON "audit_events" USING btree ("id");--> statement-breakpoint
CREATE INDEX "audit_events_entity" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_actor" ON "audit_events" USING btree ("actor");--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("status","available_at");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_parameters_key" ON "policy_parameters" USING btree ("name","valid_from");