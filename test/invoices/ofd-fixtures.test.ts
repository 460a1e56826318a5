import { describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { parseOfdInvoice } from '../../src/invoices/ofd/index.js';
import { allFixtureCases, usableFixtureCases } from '../support/fixtures.js';

const cases = usableFixtureCases('.ofd');

describe('OFD fixtures', () => {
  it('finds the OFD fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases.map((c) => [c.file, c] as const))('%s parses to its expected fields', (_name, { bytes, expected }) => {
    const fields = parseOfdInvoice(bytes);
    expect(compareFields(expected, fields)).toEqual([]);
  });

  // Sanitised (its codes, numbers and buyer zeroed), so it is not in the usable set; its amounts, items,
  // date, seller and title are genuine, and the values recorded are exactly what is printed. Its layout is
  // unlike every other OFD here: no template page, text scaled by a CTM, the date split over three objects.
  it('the sanitised Wuhan metro invoice (csfapiao1.ofd) parses to every field recorded for it', () => {
    const [sanitised] = allFixtureCases('.ofd').filter((c) => c.file.endsWith('csfapiao1.ofd'));
    expect(sanitised!.expected.usable).toBe(false);
    const fields = parseOfdInvoice(sanitised!.bytes);
    expect(compareFields(sanitised!.expected, fields)).toEqual([]);
    expect(fields.items.map((i) => i.amount)).toEqual(['2.75', '2.75', '6.42']);
    expect([fields.totalAmount, fields.totalTax, fields.totalWithTax, fields.totalWithTaxChinese]).toEqual(['11.92', '1.08', '13.00', '壹拾叁圆整']);
  });
});
