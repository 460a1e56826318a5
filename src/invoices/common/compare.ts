import type { InvoiceFields } from '../fields.js';
import { normalizeText } from './text.js';

/**
 * Field-by-field comparison of parsed fields with expected ones, after NFKC and white-space
 * folding, as the fixtures' README prescribes. Used by tests and the accuracy report.
 */
export interface FieldMismatch {
  field: string;
  expected: unknown;
  got: unknown;
}

/** The top-level fields that are compared, in API order. */
export const COMPARED_FIELDS = [
  'style', 'kind', 'title', 'invoiceCode', 'invoiceNumber', 'issueDate', 'checkCode', 'buyer', 'seller',
  'items', 'totalAmount', 'totalTax', 'totalWithTax', 'totalWithTaxChinese', 'isRed',
  'originalInvoiceNumber', 'originalInvoiceCode', 'remarks', 'issuer', 'pages',
] as const satisfies readonly (keyof InvoiceFields)[];

export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** Deep copy with every string folded; key order normalised so JSON forms compare equal. */
export function foldValue(value: unknown): unknown {
  if (typeof value === 'string') return normalizeText(value);
  if (Array.isArray(value)) return value.map(foldValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = foldValue((value as Record<string, unknown>)[key]);
    return out;
  }
  return value === undefined ? null : value;
}

export function sameFolded(a: unknown, b: unknown): boolean {
  return JSON.stringify(foldValue(a)) === JSON.stringify(foldValue(b));
}

/**
 * Mismatches between expected (a fixture's JSON, extra keys ignored) and actual fields. Items
 * are reported per line and per column so a single wrong cell is easy to find.
 */
export function compareFields(expected: Record<string, unknown>, actual: InvoiceFields): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  for (const field of COMPARED_FIELDS) {
    const want = expected[field];
    const got = actual[field];
    if (field === 'items' && Array.isArray(want)) {
      out.push(...compareItems(want as Record<string, unknown>[], got as InvoiceFields['items']));
    } else if (!sameFolded(want, got)) {
      out.push({ field, expected: want, got });
    }
  }
  return out;
}

function compareItems(want: Record<string, unknown>[], got: InvoiceFields['items']): FieldMismatch[] {
  if (want.length !== got.length) {
    return [{ field: 'items.length', expected: want.length, got: got.length }];
  }
  const out: FieldMismatch[] = [];
  want.forEach((w, i) => {
    const g = got[i] as Record<string, unknown>;
    for (const key of Object.keys(w)) {
      if (!sameFolded(w[key], g[key])) out.push({ field: `items[${i}].${key}`, expected: w[key], got: g[key] });
    }
  });
  return out;
}
