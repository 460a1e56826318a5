import { describe, expect, it } from 'vitest';
import { COMPARED_FIELDS, compareFields } from '../../src/invoices/common/index.js';
import type { InvoiceFields } from '../../src/invoices/fields.js';
import { fixtureExpected } from '../support/fixtures.js';

/**
 * compareFields judges the fixture, round-trip and hostile-file tests, so it must itself be shown to find a
 * difference: one changed field is reported, by name, with both values; folding makes only NFKC forms
 * (full-width digits, say) and runs of white space equal, nothing else.
 */
const FIXTURE = 'erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml';
const expected = fixtureExpected(FIXTURE);
const fields = () => structuredClone(expected) as unknown as InvoiceFields;

/** A value surely different from `v`, of the same kind. */
function changed(v: unknown): unknown {
  if (typeof v === 'string') return `${v}X`;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (v === null) return 'not null';
  if (Array.isArray(v)) return [];
  return { ...(v as object), name: 'changed' };
}

describe('compareFields', () => {
  it('reports nothing for the same fields', () => {
    expect(compareFields(expected, fields())).toEqual([]);
  });

  it.each(COMPARED_FIELDS.filter((f) => f !== 'items'))('reports a change to %s, and only that', (field) => {
    const actual = fields() as unknown as Record<string, unknown>;
    actual[field] = changed(actual[field]);
    expect(compareFields(expected, actual as unknown as InvoiceFields)).toEqual([{ field, expected: expected[field], got: actual[field] }]);
  });

  it('reports each changed item cell by line and column', () => {
    const columns = Object.keys(expected.items[0]);
    expect(columns.length).toBeGreaterThanOrEqual(8);
    for (const column of columns) {
      const actual = fields();
      const item = actual.items[0] as unknown as Record<string, unknown>;
      item[column] = changed(item[column]);
      expect(compareFields(expected, actual), column).toEqual([{ field: `items[0].${column}`, expected: expected.items[0][column], got: item[column] }]);
    }
  });

  it('reports a missing or extra item line as a length difference', () => {
    const fewer = fields();
    fewer.items = [];
    expect(compareFields(expected, fewer)).toEqual([{ field: 'items.length', expected: expected.items.length, got: 0 }]);
    const more = fields();
    more.items = [...more.items, more.items[0]!];
    expect(compareFields(expected, more)).toEqual([{ field: 'items.length', expected: expected.items.length, got: expected.items.length + 1 }]);
  });

  it('folds NFKC forms and runs of white space as the fixtures README prescribes, and nothing more', () => {
    const folded = fields();
    folded.seller = { ...folded.seller, name: `  ${folded.seller.name}\u3000` };
    folded.totalWithTax = folded.totalWithTax!.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    folded.remarks = expected.remarks === null ? null : `${expected.remarks.replace(/ /g, '   ')}\n`;
    expect(compareFields(expected, folded)).toEqual([]);

    // A space where none is printed, or another character, is a difference.
    const spaced = fields();
    spaced.seller = { ...spaced.seller, name: spaced.seller.name!.replace(/有限公司$/, '有限 公司') };
    expect(compareFields(expected, spaced).map((m) => m.field)).toEqual(['seller']);
    const other = fields();
    other.seller = { ...other.seller, name: other.seller.name!.replace('科技', '技术') };
    expect(compareFields(expected, other).map((m) => m.field)).toEqual(['seller']);
  });
});
