import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex, index, integer, jsonb, date, bigserial } from 'drizzle-orm/pg-core';
import { createdAt, tstz } from './columns.js';

/** Admin-added dated parameter values; the defaults live in code as data and these extend them. */
export const policyParameters = pgTable(
  'policy_parameters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    validFrom: date('valid_from').notNull(),
    value: jsonb('value').notNull(),
    note: text('note').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('policy_parameters_key').on(t.name, t.validFrom)],
);

/** Admin-loaded PRC working-day schedules for years the bundled calendar does not know. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').notNull(),
  workdays: jsonb('workdays').notNull(),
  loadedBy: text('loaded_by').notNull(),
  createdAt: createdAt(),
});

/**
 * Append-only, hash-chained: each row's hash covers its content and the previous row's hash, and a
 * trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    at: tstz('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_id_key').on(t.id),
    index('audit_events_entity').on(t.entityType, t.entityId),
    index('audit_events_actor').on(t.actor),
    index('audit_events_at').on(t.at),
  ],
);

/**
 * Jobs written in the same transaction as their data; a relay hands them to the queue. The job id is
 * unique: the same work enqueued twice is one job, in the embedded runner as on BullMQ.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobName: text('job_name').notNull(),
    jobId: text('job_id').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    availableAt: tstz('available_at').notNull().defaultNow(),
    leaseUntil: tstz('lease_until'),
    lastError: text('last_error'),
    dispatchedAt: tstz('dispatched_at'),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_pending').on(t.status, t.availableAt), uniqueIndex('outbox_job_id_key').on(t.jobId)],
);

/** The last number given in each numbering scope (e.g. `application:2026:FZ`), taken under the row's lock. */
export const numberSequences = pgTable('number_sequences', {
  scope: text('scope').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * Jobs that failed for a real reason (not a transient outage, not a file the parser refused): kept until an
 * operator retries them, so no work is silently abandoned.
 */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    jobName: text('job_name').notNull(),
    jobId: text('job_id').notNull(),
    /** What the job was about, for people: an invoice id, a USCC, a statement version. */
    subject: text('subject'),
    payload: jsonb('payload').notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error').notNull(),
    firstFailedAt: tstz('first_failed_at').notNull(),
    lastFailedAt: tstz('last_failed_at').notNull(),
    retriedAt: tstz('retried_at'),
    retriedBy: text('retried_by'),
    resolvedAt: tstz('resolved_at'),
  },
  (t) => [uniqueIndex('dead_letters_open_key').on(t.jobName, t.jobId).where(sql`resolved_at is null`), index('dead_letters_job').on(t.jobName)],
);
