import { pgTable, text, uniqueIndex, index, integer, jsonb, boolean } from 'drizzle-orm/pg-core';
import { createdAt, fen, idColumn, tstz } from './columns.js';
import { applications, notices } from './applications.js';

export const budgets = pgTable(
  'budgets',
  {
    fundingSource: text('funding_source').notNull(),
    year: integer('year').notNull(),
    amount: fen('amount').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('budgets_key').on(t.fundingSource, t.year)],
);

/**
 * A budget round (RULES.md, budget decision under 二(五)): the compute-subsidy awards one public notice
 * publishes for a funding source and year. Its ratio min(1, available ÷ total) is fixed at publication and
 * every payout batch that pays one of its awards uses it, also for an award granted later after an objection.
 */
export const budgetRounds = pgTable(
  'budget_rounds',
  {
    id: idColumn(),
    noticeId: text('notice_id')
      .notNull()
      .references(() => notices.id),
    fundingSource: text('funding_source').notNull(),
    year: integer('year').notNull(),
    /** The yearly budget when the round was fixed, and when that budget was last set; null: no budget set. */
    budget: fen('budget'),
    budgetSetAt: tstz('budget_set_at'),
    /** Budget committed to earlier rounds of the same source and year when this one was fixed. */
    committedBefore: fen('committed_before').notNull(),
    /** budget − committedBefore (never below 0); null without a budget. */
    available: fen('available'),
    /** The round's computed awards, before scaling. */
    total: fen('total').notNull(),
    awards: integer('awards').notNull(),
    scaled: boolean('scaled').notNull(),
    /** The round's one ratio as an exact fraction (1/1 when not scaled). */
    ratioNumerator: fen('ratio_numerator').notNull(),
    ratioDenominator: fen('ratio_denominator').notNull(),
    trace: jsonb('trace').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('budget_rounds_key').on(t.noticeId, t.fundingSource, t.year), index('budget_rounds_source_year').on(t.fundingSource, t.year)],
);

/** One payment owed on an award: `award` for one-time awards, `recognition`/`acceptance` for vertical models. */
export const installments = pgTable(
  'installments',
  {
    id: idColumn(),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    on: text('on').notNull(),
    amount: fen('amount').notNull(),
    /** pending | payable | batched | paid | cancelled (see src/workflow/installments.ts). */
    status: text('status').notNull(),
    paidAt: tstz('paid_at'),
    cancelledAt: tstz('cancelled_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('installments_key').on(t.applicationId, t.on), index('installments_status').on(t.status)],
);

export const payoutBatches = pgTable(
  'payout_batches',
  {
    id: idColumn(),
    /** The number people use: year, funding source and a sequence, e.g. 2026-SJ-0003 (SJ province, XM Xiamen). */
    number: text('number'),
    fundingSource: text('funding_source').notNull(),
    year: integer('year'),
    status: text('status').notNull(),
    total: fen('total').notNull(),
    /** Budget scaling applied to the round, as an exact fraction with its trace. */
    scaling: jsonb('scaling'),
    preparedBy: text('prepared_by').notNull(),
    approvedBy: text('approved_by'),
    approvedAt: tstz('approved_at'),
    paidBy: text('paid_by'),
    paidAt: tstz('paid_at'),
    discardedBy: text('discarded_by'),
    discardedAt: tstz('discarded_at'),
    createdAt: createdAt(),
  },
  (t) => [index('payout_batches_source').on(t.fundingSource), uniqueIndex('payout_batches_number_key').on(t.number)],
);

export const payoutItems = pgTable(
  'payout_items',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => payoutBatches.id),
    installmentId: text('installment_id')
      .notNull()
      .references(() => installments.id),
    /** The installment as awarded, and what this batch pays: less when the round was scaled to the budget. */
    computed: fen('computed').notNull(),
    amount: fen('amount').notNull(),
    /** The round's one ratio budget ÷ total, exact, when it was scaled; null otherwise. */
    ratioNumerator: fen('ratio_numerator'),
    ratioDenominator: fen('ratio_denominator'),
  },
  (t) => [uniqueIndex('payout_items_installment_key').on(t.installmentId), index('payout_items_batch').on(t.batchId)],
);

/** Recovery after fraud, or clawback after a red invoice reverses a paid purchase. */
export const recoveryCases = pgTable(
  'recovery_cases',
  {
    id: idColumn(),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    /** fraud | red_invoice */
    kind: text('kind').notNull(),
    amount: fen('amount').notNull(),
    status: text('status').notNull().default('open'),
    /** The red invoice behind a clawback: one case per red invoice. */
    invoiceId: text('invoice_id'),
    details: jsonb('details').notNull(),
    openedBy: text('opened_by').notNull().default('system'),
    /** Sum of the receipts recorded against the case. */
    recovered: fen('recovered').notNull().default(0),
    closedAt: tstz('closed_at'),
    /** Why a case was written off rather than recovered in full. */
    closeReason: text('close_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    index('recovery_cases_application').on(t.applicationId),
    uniqueIndex('recovery_cases_invoice_key').on(t.kind, t.invoiceId),
  ],
);

/** Money received back against a recovery case, one row per receipt (a case may be repaid in parts). */
export const recoveryReceipts = pgTable(
  'recovery_receipts',
  {
    id: idColumn(),
    caseId: text('case_id')
      .notNull()
      .references(() => recoveryCases.id),
    amount: fen('amount').notNull(),
    receivedOn: text('received_on').notNull(),
    /** The treasury's reference for the incoming payment: one receipt per reference and case. */
    reference: text('reference').notNull(),
    recordedBy: text('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recovery_receipts_reference_key').on(t.caseId, t.reference)],
);
