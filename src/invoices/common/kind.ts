import type { InvoiceFields } from '../fields.js';

/**
 * 专票 vs 普票 from the printed title: '电子发票（增值税专用发票）', '浙江增值税电子专用发票' → special;
 * '电子发票（普通发票）', '浙江增值税电子普通发票', toll and other titles → ordinary.
 * Null when the text does not look like an invoice title at all.
 */
export function kindFromTitle(title: string | null | undefined): InvoiceFields['kind'] | null {
  if (!title) return null;
  const text = title.normalize('NFKC').replace(/\s+/gu, '');
  if (!text.includes('发票')) return null;
  return /专用发票|专票/u.test(text) ? 'special' : 'ordinary';
}

/** Style by identifiers: a 20-digit number without a code is 数电; 发票代码 + 8-digit 号码 is legacy. */
export function styleFromIdentifiers(
  invoiceCode: string | null | undefined,
  invoiceNumber: string | null | undefined,
): InvoiceFields['style'] {
  const number = (invoiceNumber ?? '').replace(/\s+/gu, '');
  const code = (invoiceCode ?? '').replace(/\s+/gu, '');
  if (code !== '') return 'legacy';
  return /^\d{20}$/u.test(number) ? 'digital' : 'legacy';
}
