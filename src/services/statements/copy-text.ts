import type { NormalizedLine } from './statement-input.js';

/** The statement_lines columns a COPY fills, in the order `copyRow` writes them. */
export const COPY_COLUMNS =
  'version_id, line_id, customer_uscc, invoice_number, invoice_code, issue_date, amount, service_type, description, quantity, unit';

// In COPY's text format a backslash starts an escape and tab, newline and carriage return end a field or
// a row, so those four are written as escapes; every other character, CJK included, goes through as is.
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One text field: `\N` is SQL null, so a value that merely contains a backslash-N is escaped like any other. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPED[c]!) : value;
}

/** One row in COPY text format, newline included. */
export function copyRow(version: string, l: NormalizedLine): string {
  return `${version}\t${copyField(l.lineId)}\t${copyField(l.customerUscc)}\t${copyField(l.invoiceNumber)}\t${copyField(l.invoiceCode)}\t${copyField(l.issueDate)}\t${l.amount}\t${copyField(l.serviceType)}\t${copyField(l.description)}\t${copyField(l.quantity)}\t${copyField(l.unit)}\n`;
}

/**
 * Rows `start` to `end` (exclusive) of a version as UTF-8 COPY text. Every text column is escaped, not
 * only the free-text ones: the validated columns never need it, and testing them costs less than relying
 * on that. The amount is an integer (fen) and is written as one. Each row is encoded on its own into one
 * buffer: encoding many short strings is about twice as fast as encoding one long string of the chunk.
 */
export function copyChunk(versionId: string, lines: readonly NormalizedLine[], start: number, end: number): Buffer {
  const version = copyField(versionId);
  const rows: string[] = new Array(end - start);
  let chars = 0;
  for (let i = start; i < end; i++) {
    const row = copyRow(version, lines[i]!);
    rows[i - start] = row;
    chars += row.length;
  }
  // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
  const buf = Buffer.allocUnsafe(chars * 3);
  let at = 0;
  for (const row of rows) at += buf.write(row, at);
  return buf.subarray(0, at);
}
