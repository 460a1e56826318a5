import { pgTable, text, uniqueIndex, index, integer, jsonb, date } from 'drizzle-orm/pg-core';
import { createdAt, fen, idColumn, tstz } from './columns.js';
import { invoices } from './invoices.js';

export const applications = pgTable(
  'applications',
  {
    id: idColumn(),
    type: text('type').notNull(),
    uscc: text('uscc').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull(),
    office: text('office').notNull(),
    fundingSource: text('funding_source').notNull(),
    facts: jsonb('facts').notNull(),
    amount: fen('amount').notNull().default(0),
    /** Optimistic concurrency: every transition bumps it. */
    revision: integer('revision').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('applications_office_status').on(t.office, t.status), index('applications_uscc_year').on(t.uscc, t.year)],
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
    resolution: text('resolution'),
    resolvedBy: text('resolved_by'),
    resolvedAt: tstz('resolved_at'),
    createdAt: createdAt(),
  },
  (t) => [index('objections_application').on(t.applicationId)],
);
