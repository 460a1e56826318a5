import { invalid, type FieldError } from '../errors.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { MAX_LINES } from './statement-input.js';
import { tooManyLines, type RawStatement } from './validate-statement.js';

export const CSV_COLUMNS = [
  'lineId',
  'customerUscc',
  'invoiceNumber',
  'invoiceCode',
  'issueDate',
  'amount',
  'serviceType',
  'description',
  'quantity',
  'unit',
] as const;
const REQUIRED = new Set<string>(['lineId', 'customerUscc', 'issueDate', 'amount', 'serviceType']);
const KNOWN = new Set<string>(CSV_COLUMNS);

export const csvMalformed = (err: CsvSyntaxError) =>
  invalid('CSV_MALFORMED', `the CSV cannot be read at row ${err.row}: ${err.message}`, [{ path: `rows[${err.row}]`, message: err.message }]);

/**
 * A CSV statement as raw lines for the same validation as JSON. Columns are found by header name (any
 * order; optional columns may be left out); an empty cell is an absent value. Errors name the CSV row.
 */
export function csvStatement(text: string, period: { periodStart?: string; periodEnd?: string }): RawStatement {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw csvMalformed(err);
    throw err;
  }
  const [header, ...body] = records;
  if (!header || header.row !== 1) {
    throw invalid('CSV_HEADER_INVALID', 'the first row must be the header', [
      { path: 'rows[1]', message: `expected the header ${CSV_COLUMNS.join(',')}` },
    ]);
  }
  const columns = header.fields.map((f) => f.trim());
  checkHeader(columns);
  if (body.length > MAX_LINES) throw tooManyLines(body.length);

  const rowErrors: FieldError[] = [];
  const lines: Record<string, string>[] = new Array(body.length);
  for (let r = 0; r < body.length; r++) {
    const rec = body[r]!;
    if (rec.fields.length !== columns.length) {
      rowErrors.push({ path: `rows[${rec.row}]`, message: `has ${rec.fields.length} fields; the header has ${columns.length}` });
      if (rowErrors.length >= 100) break;
      continue;
    }
    const line: Record<string, string> = {};
    for (let c = 0; c < columns.length; c++) {
      const value = rec.fields[c]!;
      if (value !== '') line[columns[c]!] = value;
    }
    lines[r] = line;
  }
  if (rowErrors.length > 0) {
    throw invalid('INVALID_STATEMENT', `${rowErrors.length} row(s) do not have one field per column; nothing was stored`, rowErrors);
  }
  return {
    periodStart: period.periodStart,
    periodEnd: period.periodEnd,
    lines,
    source: 'csv',
    lineLabel: (i) => `rows[${body[i]!.row}]`,
    periodLabel: 'query',
  };
}

function checkHeader(columns: string[]): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    if (!KNOWN.has(c)) errors.push({ path: 'rows[1]', message: `unknown column ${JSON.stringify(c)}` });
    else if (seen.has(c)) errors.push({ path: 'rows[1]', message: `column ${c} appears twice` });
    seen.add(c);
  }
  for (const r of REQUIRED) if (!seen.has(r)) errors.push({ path: 'rows[1]', message: `missing column ${r}` });
  if (errors.length > 0) {
    throw invalid('CSV_HEADER_INVALID', `the header must name the columns ${CSV_COLUMNS.join(',')}`, errors);
  }
}
