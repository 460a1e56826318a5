/**
 * Money on generated invoices, in integer fen: tax per line rounded half away from zero from the
 * line amount, and the printed forms of quantities and unit prices (plain as 数电 prints them,
 * or padded to eight decimals as some legacy issuers do).
 */
import { formatYuan, type Fen } from '../../src/domain/money.js';
import type { RateKey } from './catalog.js';

export interface Rate {
  key: RateKey;
  /** Whole percent, or null when the line carries no tax (免税). */
  percent: number | null;
  /** As the 数电 XML stores it: a fraction, or '*' for a special taxation. */
  xml: string;
}

export const RATES: Record<RateKey, Rate> = {
  '6%': { key: '6%', percent: 6, xml: '0.06' },
  '13%': { key: '13%', percent: 13, xml: '0.13' },
  免税: { key: '免税', percent: null, xml: '*' },
};

/** round(amount × rate) in fen, halves away from zero; null for an exempt line. */
export function lineTax(amount: Fen, rate: Rate): Fen | null {
  if (rate.percent === null) return null;
  const abs = Math.abs(amount);
  const tax = Math.floor((abs * rate.percent + 50) / 100);
  return amount < 0 ? -tax : tax;
}

export type NumberStyle = 'plain' | 'padded';

/** Widest padded price the legacy form's 单价 cell holds, in characters. */
const PADDED_PRICE_CHARS = 14;

/** Fen as a price: '12.5', '12', '12.34'; padded: '12.50000000' (fewer zeros when the price is large). */
export function priceText(fen: Fen, style: NumberStyle): string {
  const text = formatYuan(fen);
  if (style === 'padded') {
    const decimals = Math.min(8, Math.max(2, PADDED_PRICE_CHARS - text.indexOf('.') - 1));
    return text.padEnd(text.indexOf('.') + 1 + decimals, '0');
  }
  return text.replace(/\.?0+$/u, '');
}

/** A whole quantity as printed: '720', '-720'; padded: '720.00000000'. */
export function quantityText(quantity: number, style: NumberStyle): string {
  return style === 'padded' ? `${quantity}.00000000` : String(quantity);
}
