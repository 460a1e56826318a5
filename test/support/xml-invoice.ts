import { readFileSync } from 'node:fs';
import { FIXTURES } from './fixtures.js';

const TEMPLATE = readFileSync(new URL('erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml', FIXTURES), 'utf8');
/** The template's gross total: 20,670.00 yuan over three items (6% and 13%). */
export const TEMPLATE_TOTAL = '20670.00';

/**
 * A real 数电 XML invoice with its identity rewritten: number, buyer, seller and issue date. The items
 * and totals stay those of the real invoice, so every consistency check still holds.
 */
export function xmlInvoice(o: { number: string; buyer: string; seller: string; date?: string }): Uint8Array {
  const date = o.date ?? '2026-06-04';
  return new TextEncoder().encode(
    TEMPLATE.replaceAll('26322000004478296111', o.number)
      .replace('9132020013590404XW', o.buyer)
      .replace('91320106751253359F', o.seller)
      .replaceAll('2026-06-04', date),
  );
}
