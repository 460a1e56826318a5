import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex, index, integer, jsonb, date, boolean } from 'drizzle-orm/pg-core';
import { createdAt, fen, idColumn, tstz } from './columns.js';
import { invoices } from './invoices.js';

export const applications = pgTable(
  'applications',
  {
    id: idColumn(),
    /** The number people use, given at submission: year, office and a sequence, e.g. 2026-FZ-00012. */
    number: text('number'),
    type: text('type').notNull(),
    uscc: text('uscc').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull(),
    office: text('office').notNull(),
    fundingSource: text('funding_source').notNull(),
    facts: jsonb('facts').notNull(),
    /**
     * What a one-time award is paid for (二(二), 二(三)): the product's or platform's name, normalised; '' for
     * the other types. One award per USCC and subject over the policy period.
     */
    subject: text('subject').notNull().default(''),
    /** The submission date (Asia/Shanghai): it judges the policy window and the fraud ban (六(一), 五(一)). */
    appliedOn: date('applied_on').notNull(),
    amount: fen('amount').notNull().default(0),
    /** Optimistic concurrency: every transition bumps it. */
    revision: integer('revision').notNull().default(0),
    /** True while the application is being decided: at most one live application per enterprise, type and year. */
    live: boolean('live').notNull().default(true),
    /** Months of approved extension of a vertical model's implementation period (五(三)), cumulative. */
    extensionMonths: integer('extension_months').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('applications_office_status').on(t.office, t.status),
    uniqueIndex('applications_number_key').on(t.number),
    index('applications_uscc_year').on(t.uscc, t.year),
    // One live application per enterprise, type and year; for one-time awards, per enterprise, type and subject.
    uniqueIndex('applications_live_key').on(t.uscc, t.type, t.year).where(sql`live and type in ('compute_subsidy', 'vertical_model')`),
    uniqueIndex('applications_live_subject_key').on(t.uscc, t.type, t.subject).where(sql`live and type in ('product', 'platform', 'enterprise')`),
    index('applications_subject').on(t.uscc, t.type, t.subject),
  ],
);

/** Each move of an application through the state machine, with who made it and why. */
export const applicationTransitions = pgTable(
  'application_transitions',
  {
    id: idColumn(),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    event: text('event').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    /** The application's revision after this move. */
    revision: integer('revision').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('application_transitions_application').on(t.applicationId)],
);

/** Every evaluation of an application (submission, each review) with the asOf it used. */
export const decisions = pgTable(
  'decisions',
  {
    id: idColumn(),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    stage: text('stage').notNull(),
    asOf: date('as_of').notNull(),
    amount: fen('amount').notNull().default(0),
    eligible: boolean('eligible').notNull().default(false),
    actor: text('actor'),
    decision: jsonb('decision').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('decisions_application').on(t.applicationId)],
);

/** The invoices a compute-subsidy application counts; unique so one invoice funds one claim, ever. */
export const applicationInvoices = pgTable(
  'application_invoices',
  {
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amount: fen('amount').notNull(),
  },
  (t) => [uniqueIndex('application_invoices_invoice_key').on(t.invoiceId)],
);

export const notices = pgTable('notices', {
  id: idColumn(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
  closedAt: tstz('closed_at'),
  closedBy: text('closed_by'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

export const noticeApplications = pgTable(
  'notice_applications',
  {
    noticeId: text('notice_id')
      .notNull()
      .references(() => notices.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
  },
  (t) => [uniqueIndex('notice_applications_key').on(t.noticeId, t.applicationId)],
);

export const objections = pgTable(
  'objections',
  {
    id: idColumn(),
    noticeId: text('notice_id')
      .notNull()
      .references(() => notices.id),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id),
    text: text('text').notNull(),
    /** Who objected: any signed-in user may object during a public notice. */
    objectedBy: text('objected_by').notNull(),
    /** upheld | dismissed | superseded (another objection against the same application was upheld). */
    resolution: text('resolution'),
    resolutionNote: text('resolution_note'),
    resolvedBy: text('resolved_by'),
    resolvedAt: tstz('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('objections_application').on(t.applicationId)],
);
