import { sql, type SQL } from 'drizzle-orm';

/**
 * Values for statements written as SQL text, in the form drizzle's columns would write them. The hot paths
 * (each commit writes an audit event and often an outbox row) use text: a template costs a fraction of what
 * drizzle's builder spends assembling an insert.
 */

/** A jsonb value as drizzle's jsonb columns write it: SQL NULL for null or undefined, else its JSON text. */
export function jsonb(value: unknown): SQL {
  return sql`${value === null || value === undefined ? null : JSON.stringify(value)}::jsonb`;
}

/** A timestamptz at millisecond precision, as drizzle's timestamp columns write a Date. */
export function timestamptz(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}
