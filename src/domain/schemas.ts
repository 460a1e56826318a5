import { z } from 'zod';

/**
 * Money and dates as they cross the service's edge, validated by the verbs themselves. Money is a decimal
 * string in yuan with exactly two decimals (src/domain/money.ts turns it into integer fen).
 * The examples are metadata the OpenAPI document picks up; nothing here depends on HTTP.
 */
export const Yuan = z
  .string()
  .regex(/^-?\d{1,13}\.\d{2}$/, 'must be yuan with exactly two decimals, e.g. "100000.00"')
  .meta({ example: '100000.00' });

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date')
  .meta({ example: '2026-03-01' });
