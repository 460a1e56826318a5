import { describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/compare.js';
import { parseInvoice } from '../../src/invoices/parse.js';
import { generateInvoice, generateRedInvoice, type GeneratedInvoice, type InvoiceRequest } from './index.js';

/**
 * Every variant the generator writes, parsed back: generation × format × kind × rates ×
 * red-letter × 销货清单. The parser must return exactly the expected fields.
 */
interface Variant {
  name: string;
  request: InvoiceRequest;
  /** Parse the red invoice reversing the generated one instead of the generated one. */
  red?: boolean;
  /** What makes the variant what it is, checked before parsing so the list keeps covering it. */
  shows: (inv: GeneratedInvoice) => boolean;
}

const rates = (inv: GeneratedInvoice) => new Set(inv.expected.items.map((i) => i.taxRate));
const only6 = (inv: GeneratedInvoice) => [...rates(inv)].join() === '6%';
const has13 = (inv: GeneratedInvoice) => rates(inv).has('13%') && rates(inv).has('6%');
const exempt = (inv: GeneratedInvoice) => rates(inv).has('免税') && inv.expected.items.some((i) => i.tax === null);
const red = (inv: GeneratedInvoice) => inv.expected.isRed && inv.expected.originalInvoiceNumber !== null;
const multiPage = (inv: GeneratedInvoice) => (inv.expected.pages ?? 0) > 1 && inv.expected.items.length > 8;

const digital = { generation: 'digital' } as const;
const legacy = { generation: 'legacy' } as const;

const VARIANTS: Variant[] = [
  { name: '数电 专票 PDF, 6%, labels first', request: { ...digital, seed: 11, format: 'pdf', kind: 'special', rates: 'standard', itemCount: 2, order: 'labelsFirst' }, shows: only6 },
  { name: '数电 普票 PDF, 6% + 13%, reading order', request: { ...digital, seed: 12, format: 'pdf', kind: 'ordinary', rates: 'mixed', itemCount: 4, order: 'natural' }, shows: has13 },
  { name: '数电 普票 PDF, 免税 only', request: { ...digital, seed: 13, format: 'pdf', rates: 'exempt', itemCount: 1 }, shows: (i) => exempt(i) && i.expected.totalTax === '0.00' },
  { name: '数电 red PDF', request: { ...digital, seed: 14, format: 'pdf', kind: 'special', itemCount: 3 }, red: true, shows: red },
  { name: '数电 专票 OFD, 6%', request: { ...digital, seed: 21, format: 'ofd', kind: 'special', rates: 'standard', itemCount: 3 }, shows: only6 },
  { name: '数电 普票 OFD, 6% + 13%', request: { ...digital, seed: 22, format: 'ofd', kind: 'ordinary', rates: 'mixed', itemCount: 2 }, shows: has13 },
  { name: '数电 普票 OFD, 6% + 免税', request: { ...digital, seed: 23, format: 'ofd', rates: 'exempt', itemCount: 3 }, shows: exempt },
  { name: '数电 red OFD', request: { ...digital, seed: 24, format: 'ofd', kind: 'ordinary', itemCount: 2 }, red: true, shows: red },
  { name: '数电 专票 XML, 6%', request: { ...digital, seed: 31, format: 'xml', kind: 'special', rates: 'standard', itemCount: 1 }, shows: only6 },
  { name: '数电 普票 XML, 12 lines, 6% + 13%', request: { ...digital, seed: 32, format: 'xml', kind: 'ordinary', rates: 'mixed', itemCount: 12 }, shows: has13 },
  { name: '数电 普票 XML, 6% + 免税', request: { ...digital, seed: 33, format: 'xml', rates: 'exempt', itemCount: 2 }, shows: exempt },
  { name: '数电 red XML', request: { ...digital, seed: 34, format: 'xml', kind: 'special', itemCount: 2 }, red: true, shows: red },
  { name: 'legacy 专票 PDF, 6%', request: { ...legacy, seed: 41, format: 'pdf', kind: 'special', rates: 'standard', itemCount: 3, numberStyle: 'plain' }, shows: only6 },
  { name: 'legacy 普票 PDF, 6% + 13%, padded numbers, 元 words', request: { ...legacy, seed: 42, format: 'pdf', kind: 'ordinary', rates: 'mixed', itemCount: 5, numberStyle: 'padded', wordsStyle: '元' }, shows: has13 },
  { name: 'legacy 普票 PDF, 免税 only', request: { ...legacy, seed: 43, format: 'pdf', rates: 'exempt', itemCount: 1 }, shows: exempt },
  { name: 'legacy PDF with 销货清单 pages', request: { ...legacy, seed: 44, format: 'pdf', kind: 'ordinary', itemCount: 20 }, shows: multiPage },
  { name: 'legacy red PDF (销项负数)', request: { ...legacy, seed: 45, format: 'pdf', kind: 'special', itemCount: 2 }, red: true, shows: (i) => red(i) && i.expected.originalInvoiceCode !== null },
  { name: 'legacy red PDF reversing a 销货清单 invoice', request: { ...legacy, seed: 46, format: 'pdf', itemCount: 12 }, red: true, shows: (i) => red(i) && i.expected.pages === 1 },
  { name: 'legacy 专票 OFD, 6%', request: { ...legacy, seed: 51, format: 'ofd', kind: 'special', rates: 'standard', itemCount: 2, numberStyle: 'plain' }, shows: only6 },
  { name: 'legacy 普票 OFD, 6% + 13%, padded numbers', request: { ...legacy, seed: 52, format: 'ofd', kind: 'ordinary', rates: 'mixed', itemCount: 3, numberStyle: 'padded' }, shows: has13 },
  { name: 'legacy 普票 OFD, 6% + 免税', request: { ...legacy, seed: 53, format: 'ofd', rates: 'exempt', itemCount: 2 }, shows: exempt },
  { name: 'legacy OFD with 销货清单 pages', request: { ...legacy, seed: 54, format: 'ofd', kind: 'special', itemCount: 17 }, shows: multiPage },
  { name: 'legacy red OFD', request: { ...legacy, seed: 55, format: 'ofd', kind: 'ordinary', itemCount: 3 }, red: true, shows: red },
  { name: 'legacy red OFD reversing a 销货清单 invoice', request: { ...legacy, seed: 56, format: 'ofd', itemCount: 9 }, red: true, shows: (i) => red(i) && i.expected.pages === 1 },
];

describe('generated invoices parse back to their expected fields', () => {
  for (const variant of VARIANTS) {
    it(variant.name, async () => {
      const blue = generateInvoice(variant.request);
      const invoice = variant.red ? generateRedInvoice(blue) : blue;
      expect(variant.shows(invoice)).toBe(true);
      const parsed = await parseInvoice(invoice.bytes);
      expect(parsed.format).toBe(invoice.format);
      expect(compareFields(invoice.expected, parsed.fields)).toEqual([]);
    });
  }
});
