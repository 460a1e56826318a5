import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex, index, integer, jsonb, date, boolean, primaryKey } from 'drizzle-orm/pg-core';
import { bytea, createdAt, fen, idColumn, tstz } from './columns.js';

/** Uploaded bytes, content-addressed: the same file is stored once whoever uploads it. */
export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mediaType: text('media_type').notNull(),
  content: bytea('content').notNull(),
  createdAt: createdAt(),
});

export const invoices = pgTable(
  'invoices',
  {
    id: idColumn(),
    enterpriseUscc: text('enterprise_uscc').notNull(),
    fileSha256: text('file_sha256')
      .notNull()
      .references(() => files.sha256),
    fileName: text('file_name'),
    format: text('format').notNull(),
    purpose: text('purpose').notNull(),
    status: text('status').notNull(),
    error: jsonb('error'),
    fields: jsonb('fields'),
    checks: jsonb('checks').notNull().default([]),
    /** The file's embedded signature as checked at parse time (status, kind, signer …); null before parsing. */
    signature: jsonb('signature'),
    style: text('style'),
    invoiceCode: text('invoice_code'),
    invoiceNumber: text('invoice_number'),
    issueDate: date('issue_date'),
    sellerTaxId: text('seller_tax_id'),
    buyerTaxId: text('buyer_tax_id'),
    totalAmount: fen('total_amount'),
    totalTax: fen('total_tax'),
    totalWithTax: fen('total_with_tax'),
    isRed: boolean('is_red'),
    originalInvoiceNumber: text('original_invoice_number'),
    originalInvoiceCode: text('original_invoice_code'),
    /** Reconciliation outcome, rewritten by every matching run that covers the invoice. */
    matchStatus: text('match_status').notNull().default('unmatched'),
    verified: boolean('verified').notNull().default(false),
    /** The service type the confirming statement line (or finance, for an accepted invoice) gives. */
    verifiedServiceType: text('verified_service_type'),
    /**
     * Of a verified invoice's total with tax, the part its matched statement lines (or finance, for an accepted
     * invoice) classify as intelligent compute, in fen: never more than the total, negative for a red invoice.
     * Null while the invoice is not verified.
     */
    intelligentAmount: fen('intelligent_amount'),
    /**
     * The invoice's place in its enterprise's maintained year position (compute_positions): the year it counts
     * in (a red invoice: the year of the purchase it reverses), what it adds to eligible spend, and why it is
     * excluded. Rewritten in the same transaction as whatever changes the position.
     */
    positionYear: integer('position_year'),
    countedAmount: fen('counted_amount'),
    exclusions: jsonb('exclusions'),
    uploadedBy: text('uploaded_by').notNull(),
    parsedAt: tstz('parsed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invoices_enterprise_file_key').on(t.enterpriseUscc, t.fileSha256),
    index('invoices_number').on(t.invoiceNumber, t.invoiceCode),
    index('invoices_enterprise_date').on(t.enterpriseUscc, t.issueDate),
    index('invoices_enterprise_position').on(t.enterpriseUscc, t.positionYear),
    index('invoices_seller').on(t.sellerTaxId),
    // Red invoices name an original; a full run reads just those through it.
    index('invoices_original_number').on(t.originalInvoiceNumber).where(sql`original_invoice_number is not null`),
  ],
);

export const invoiceItems = pgTable(
  'invoice_items',
  {
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    lineNo: integer('line_no').notNull(),
    name: text('name').notNull(),
    spec: text('spec'),
    unit: text('unit'),
    quantity: text('quantity'),
    unitPrice: text('unit_price'),
    amount: fen('amount').notNull(),
    taxRate: text('tax_rate'),
    tax: fen('tax'),
  },
  (t) => [uniqueIndex('invoice_items_key').on(t.invoiceId, t.lineNo)],
);

/**
 * An enterprise's running compute-spend position for a year (二(五)), maintained: recomputed from its
 * purchases in the same transaction as any parse, matching run, finance decision or claim that changes them,
 * so reading it costs one row. `basis` fingerprints the parameter values it was computed with; a position
 * whose basis is no longer the one in force is recomputed when it is next read.
 */
export const computePositions = pgTable(
  'compute_positions',
  {
    uscc: text('uscc').notNull(),
    year: integer('year').notNull(),
    basis: text('basis').notNull(),
    verifiedSpend: fen('verified_spend').notNull(),
    eligibleSpend: fen('eligible_spend').notNull(),
    countedInvoices: integer('counted_invoices').notNull(),
    excludedInvoices: integer('excluded_invoices').notNull(),
    computedAt: tstz('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.uscc, t.year] })],
);

/** A signal raised for review (duplicate elsewhere, related parties, number runs, late red invoice). */
export const fraudSignals = pgTable(
  'fraud_signals',
  {
    id: idColumn(),
    kind: text('kind').notNull(),
    uscc: text('uscc').notNull(),
    invoiceId: text('invoice_id'),
    details: jsonb('details').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [index('fraud_signals_uscc').on(t.uscc), uniqueIndex('fraud_signals_key').on(t.kind, t.uscc, t.invoiceId)],
);
