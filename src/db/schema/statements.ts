import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex, index, integer, jsonb, date, bigserial, bigint } from 'drizzle-orm/pg-core';
import { createdAt, fen, idColumn, tstz } from './columns.js';
import { providers } from './organisations.js';
import { invoices } from './invoices.js';

export const statements = pgTable(
  'statements',
  {
    id: idColumn(),
    providerId: text('provider_id')
      .notNull()
      .references(() => providers.id),
    /** The provider's own statementId from the URL. */
    externalId: text('external_id').notNull(),
    currentVersion: integer('current_version').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('statements_provider_external_key').on(t.providerId, t.externalId)],
);

export const statementVersions = pgTable(
  'statement_versions',
  {
    id: idColumn(),
    statementId: text('statement_id')
      .notNull()
      .references(() => statements.id),
    version: integer('version').notNull(),
    /** SHA-256 of the canonical body: the same body again is a no-op. */
    bodySha256: text('body_sha256').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    lineCount: integer('line_count').notNull(),
    total: fen('total').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('statement_versions_key').on(t.statementId, t.version)],
);

export const statementLines = pgTable(
  'statement_lines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    versionId: text('version_id')
      .notNull()
      .references(() => statementVersions.id),
    lineId: text('line_id').notNull(),
    customerUscc: text('customer_uscc').notNull(),
    invoiceNumber: text('invoice_number'),
    invoiceCode: text('invoice_code'),
    issueDate: date('issue_date').notNull(),
    amount: fen('amount').notNull(),
    serviceType: text('service_type').notNull(),
    description: text('description'),
    quantity: text('quantity'),
    unit: text('unit'),
    /**
     * The invoice this line is plainly matched with: its one live match row and that invoice's one live row
     * form a matched one-to-one group of two. Kept by triggers on `matches` (migration 0007) in the same
     * statement as any change to matches, and written by nothing else (the database refuses it), so a full
     * run can trust it without reading matches.
     */
    matchedInvoiceId: text('matched_invoice_id'),
  },
  (t) => [
    uniqueIndex('statement_lines_key').on(t.versionId, t.lineId),
    index('statement_lines_invoice').on(t.invoiceNumber),
    index('statement_lines_customer').on(t.customerUscc),
    // Partial: lines arrive unmatched, so a statement's bulk insert never touches it.
    index('statement_lines_matched_invoice').on(t.matchedInvoiceId).where(sql`matched_invoice_id is not null`),
    // The few lines that name a list of numbers, so a full run finds them without a pass over every line.
    index('statement_lines_number_list').on(t.id).where(sql`invoice_number !~ '^[0-9A-Za-z]+$'`),
  ],
);

/**
 * A link between invoices and statement lines. `status`: matched (exact), proposed (scored, not counted),
 * confirmed (finance confirmed a proposal), manual (finance matched by hand), accepted (finance accepted an
 * invoice without a line), rejected, undone.
 */
export const matches = pgTable(
  'matches',
  {
    id: idColumn(),
    groupId: text('group_id').notNull(),
    invoiceId: text('invoice_id').references(() => invoices.id),
    statementLineId: bigint('statement_line_id', { mode: 'number' }).references(() => statementLines.id),
    status: text('status').notNull(),
    shape: text('shape').notNull(),
    score: integer('score'),
    /** For an invoice finance accepted without a statement line: the service type it recorded. */
    serviceType: text('service_type'),
    reason: text('reason'),
    actor: text('actor'),
    undoneAt: tstz('undone_at'),
    createdAt: createdAt(),
  },
  (t) => [index('matches_invoice').on(t.invoiceId), index('matches_line').on(t.statementLineId), index('matches_group').on(t.groupId)],
);

/** A reconciliation difference with its code and the numbers behind it. */
export const reconBreaks = pgTable(
  'recon_breaks',
  {
    id: idColumn(),
    code: text('code').notNull(),
    enterpriseUscc: text('enterprise_uscc'),
    providerId: text('provider_id'),
    invoiceId: text('invoice_id'),
    statementLineId: bigint('statement_line_id', { mode: 'number' }),
    details: jsonb('details').notNull(),
    resolvedAt: tstz('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('recon_breaks_enterprise').on(t.enterpriseUscc),
    index('recon_breaks_invoice').on(t.invoiceId),
    index('recon_breaks_open_line').on(t.statementLineId).where(sql`resolved_at is null`),
  ],
);
