import type { z } from '@hono/zod-openapi';
import { parseYuan } from '../../domain/money.js';
import { hasUnstorableText } from '../../domain/storable-text.js';
import { invalid, type FieldError } from '../errors.js';
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
  source: 'json' | 'csv' | 'focus';
  /** How an error names line `i`: `lines[17]` in JSON, `rows[19]` (the CSV record number) in CSV. */
  lineLabel(i: number): string;
  /** Where the period came from, for error paths: the body or the query string. */
  periodLabel?: string;
}

export const tooManyLines = (n: number) =>
  invalid('TOO_MANY_LINES', `the statement has ${n} lines; at most ${MAX_LINES} are accepted in one statement`, [
    { path: 'lines', message: `at most ${MAX_LINES} lines` },
  ]);

/**
 * Checks every line before anything is stored: one bad line rejects the whole version, and the 422 names
 * each bad line by position and lineId. Returns the lines normalized for hashing and storage.
 */
export function validateStatement(raw: RawStatement): ValidatedStatement {
  if (raw.lines.length > MAX_LINES) throw tooManyLines(raw.lines.length);
  // Duplicate lineIds are first looked for by sorting the ids, which on 100,000 lines costs a fifth of
  // tracking them in the line loop. Only when that finds one, or the lines have other problems, are they
  // checked again with duplicates tracked in line order, so the 422 lists every problem in line order.
  let checked = checkLines(raw, false);
  if (checked.errorCount > 0 || hasDuplicateLineId(checked.lines)) checked = checkLines(raw, true);
  const { errors, errorCount, lines, period } = checked;
  if (errorCount > 0 || !period) {
    const more = errorCount > errors.length ? ` (the first ${errors.length} are listed)` : '';
    throw invalid('INVALID_STATEMENT', `${errorCount} problem(s) in the statement; nothing was stored${more}`, errors);
  }
  return { periodStart: period.periodStart, periodEnd: period.periodEnd, lines, source: raw.source };
}

interface Checked {
  lines: NormalizedLine[];
  period: { periodStart: string; periodEnd: string } | null;
  errors: FieldError[];
  errorCount: number;
}

function checkLines(raw: RawStatement, trackDuplicates: boolean): Checked {
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
    const viaSchema = !fast.ok(item);
    if (!viaSchema) {
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
    // The fast check has tested the quantity string already; a number from the schema has only now become one.
    if (viaSchema && line.quantity !== null && !QUANTITY.test(line.quantity)) {
      report({ path: `${raw.lineLabel(i)}.quantity`, message: `lineId ${JSON.stringify(line.lineId)}: must be a decimal number` });
      continue;
    }
    const unstorable = unstorableField(line);
    if (unstorable) {
      report({
        path: `${raw.lineLabel(i)}.${unstorable}`,
        message: `lineId ${JSON.stringify(line.lineId)}: must not contain NUL characters or unpaired surrogates (they cannot be stored as text)`,
      });
      continue;
    }
    if (trackDuplicates) {
      const earlier = firstSeen.get(line.lineId);
      if (earlier !== undefined) {
        report({
          path: `${raw.lineLabel(i)}.lineId`,
          message: `lineId ${JSON.stringify(line.lineId)} is a duplicate of ${raw.lineLabel(earlier)}; lineIds must be unique in a statement`,
        });
        continue;
      }
      firstSeen.set(line.lineId, i);
    }
    lines[i] = line;
  }

  // Totals are kept in fen as exact integers; amounts this large are not a real statement.
  let magnitude = 0;
  for (const l of lines) if (l) magnitude += Math.abs(l.amount);
  if (!Number.isSafeInteger(magnitude)) report({ path: 'lines', message: 'the sum of the amounts is too large to be a statement' });
  return { lines, period: period.success ? period.data : null, errors, errorCount };
}

function hasDuplicateLineId(lines: NormalizedLine[]): boolean {
  const ids: string[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) ids[i] = lines[i]!.lineId;
  ids.sort();
  for (let i = 1; i < ids.length; i++) if (ids[i] === ids[i - 1]) return true;
  return false;
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

/**
 * The free-text field of a line that cannot be stored as sent, if any; the other fields are validated by pattern.
 * The database would refuse a NUL and COPY would store U+FFFD for half a surrogate pair, so a line with either
 * would fail late or not read back as sent.
 */
function unstorableField(l: NormalizedLine): 'lineId' | 'description' | 'unit' | null {
  if (hasUnstorableText(l.lineId)) return 'lineId';
  if (l.description !== null && hasUnstorableText(l.description)) return 'description';
  if (l.unit !== null && hasUnstorableText(l.unit)) return 'unit';
  return null;
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
