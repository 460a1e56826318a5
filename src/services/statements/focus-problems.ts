import { invalid, type FieldError } from '../errors.js';

/** Enough to fix a file; an export with a million bad rows does not need a million messages. */
const MAX_LISTED = 100;

/**
 * The problems found in a file's rows: the first 100 listed by CSV row (header = row 1) and column, all of
 * them counted by kind, so the refusal says both where to look and how widespread each problem is
 * ("BillingCurrency not CNY ×1000").
 */
export class RowProblems {
  readonly listed: FieldError[] = [];
  private readonly kinds = new Map<string, number>();
  count = 0;

  add(row: number, column: string | null, message: string, kind: string): void {
    this.count++;
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    if (this.listed.length < MAX_LISTED) this.listed.push({ path: column ? `rows[${row}].${column}` : `rows[${row}]`, message });
  }

  /** 422 INVALID_STATEMENT naming the rows, when there is any problem; nothing is stored then. */
  throwIfAny(what: string): void {
    if (this.count === 0) return;
    const kinds = [...this.kinds].map(([k, n]) => `${k} ×${n}`).join(', ');
    const more = this.count > this.listed.length ? ` (the first ${this.listed.length} are listed)` : '';
    throw invalid('INVALID_STATEMENT', `${this.count} problem(s) in the ${what}; nothing was stored: ${kinds}${more}`, this.listed);
  }
}
