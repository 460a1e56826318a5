import type { z } from '@hono/zod-openapi';
import { parseYuan } from '../../domain/money.js';
import { ApiError, type FieldError } from '../../http/problem.js';
import { FastLineCheck } from './fast-line-check.js';
import {
  MAX_LINES,
  QUANTITY,
  StatementLineInput,
  StatementPeriod,
  type NormalizedLine,
  type ValidatedStatement,
} from './statement-input.js';

/** Enough to fix a file; a body with thousands of bad lines does not need thousands of messages. */
const MAX_REPORTED = 100;

export interface RawStatement {
  periodStart: unknown;
  periodEnd: unknown;
  lines: unknown[];
  source: 'json' | 'csv';
  /** How an error names line `i`: `lines[17]` in JSON, `rows[19]` (the CSV record number) in CSV. */
  lineLabel(i: number): string;
  /** Where the period came from, for error paths: the body or the query string. */
  periodLabel?: string;
}

export const tooManyLines = (n: number) =>
  new ApiError(422, 'TOO_MANY_LINES', `the statement has ${n} lines; at most ${MAX_LINES} are accepted in one statement`, [
    { path: 'lines', message: `at most ${MAX_LINES} lines` },
  ]);

/**
 * Checks every line before anything is stored: one bad line rejects the whole version, and the 422 names
 * each bad line by position and lineId. Returns the lines normalized for hashing and storage.
 */
export function validateStatement(raw: RawStatement): ValidatedStatement {
  if (raw.lines.length > MAX_LINES) throw tooManyLines(raw.lines.length);
  const errors: FieldError[] = [];
  let errorCount = 0;
  const report = (e: FieldError) => {
    errorCount++;
    if (errors.length < MAX_REPORTED) errors.push(e);
  };

  const prefix = raw.periodLabel ? `${raw.periodLabel}.` : '';
  const period = StatementPeriod.safeParse({ periodStart: raw.periodStart, periodEnd: raw.periodEnd });
  if (!period.success) {
    for (const issue of period.error.issues) report({ path: `${prefix}${issue.path.join('.')}`, message: issue.message });
  } else if (period.data.periodEnd < period.data.periodStart) {
    report({ path: `${prefix}periodEnd`, message: 'must be on or after periodStart' });
  }

  const lines: NormalizedLine[] = new Array(raw.lines.length);
  const firstSeen = new Map<string, number>();
  const fast = new FastLineCheck();
  for (let i = 0; i < raw.lines.length; i++) {
    const item = raw.lines[i];
    let input: StatementLineInput;
    if (fast.ok(item)) {
      input = item as StatementLineInput;
    } else {
      const result = StatementLineInput.safeParse(item);
      if (!result.success) {
        const who = lineIdOf(item);
        for (const issue of result.error.issues) report(lineError(raw.lineLabel(i), who, issue));
        continue;
      }
      input = result.data;
    }
    const line = normalize(input);
    if (line.quantity !== null && !QUANTITY.test(line.quantity)) {
      report({ path: `${raw.lineLabel(i)}.quantity`, message: `lineId ${JSON.stringify(line.lineId)}: must be a decimal number` });
      continue;
    }
    const earlier = firstSeen.get(line.lineId);
    if (earlier !== undefined) {
      report({
        path: `${raw.lineLabel(i)}.lineId`,
        message: `lineId ${JSON.stringify(line.lineId)} is a duplicate of ${raw.lineLabel(earlier)}; lineIds must be unique in a statement`,
      });
      continue;
    }
    firstSeen.set(line.lineId, i);
    lines[i] = line;
  }

  // Totals are kept in fen as exact integers; amounts this large are not a real statement.
  let magnitude = 0;
  for (const l of lines) if (l) magnitude += Math.abs(l.amount);
  if (!Number.isSafeInteger(magnitude)) report({ path: 'lines', message: 'the sum of the amounts is too large to be a statement' });

  if (errorCount > 0) {
    const more = errorCount > errors.length ? ` (the first ${errors.length} are listed)` : '';
    throw new ApiError(422, 'INVALID_STATEMENT', `${errorCount} problem(s) in the statement; nothing was stored${more}`, errors);
  }
  return { periodStart: period.data!.periodStart, periodEnd: period.data!.periodEnd, lines, source: raw.source };
}

function lineIdOf(item: unknown): string | null {
  const id = item !== null && typeof item === 'object' ? (item as { lineId?: unknown }).lineId : undefined;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function lineError(label: string, lineId: string | null, issue: z.core.$ZodIssue): FieldError {
  const field = issue.path.length ? `.${issue.path.map(String).join('.')}` : '';
  const detail = issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message;
  return { path: `${label}${field}`, message: lineId === null ? detail : `lineId ${JSON.stringify(lineId)}: ${detail}` };
}

function normalize(l: StatementLineInput): NormalizedLine {
  // Keys in sorted order: the canonical form for hashing is then the plain JSON of these objects.
  return {
    amount: parseYuan(l.amount),
    customerUscc: l.customerUscc,
    description: l.description ?? null,
    invoiceCode: l.invoiceCode ?? null,
    invoiceNumber: l.invoiceNumber ?? null,
    issueDate: l.issueDate,
    lineId: l.lineId,
    quantity: l.quantity === null || l.quantity === undefined ? null : String(l.quantity),
    serviceType: l.serviceType,
    unit: l.unit ?? null,
  };
}
