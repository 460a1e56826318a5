/**
 * Item lines: catalogue entries priced so that quantity × unit price is exactly the amount, with
 * the tax of each line computed from its amount.
 */
import { EXEMPT, GENERAL, HARDWARE, INTELLIGENT, type CatalogItem } from './catalog.js';
import { RATES, lineTax, priceText, quantityText, type NumberStyle } from './amounts.js';
import type { DocLine } from './model.js';
import type { Rng } from './random.js';
import type { RateMix } from './spec.js';

/** Catalogue entries for `count` lines: mostly intelligent compute, some general services. */
export function pickEntries(rng: Rng, count: number, rates: RateMix): CatalogItem[] {
  const services = Array.from({ length: count }, () => (rng.chance(0.8) ? rng.pick(INTELLIGENT) : rng.pick(GENERAL)));
  const special = rates === 'mixed' ? rng.pick(HARDWARE) : rates === 'exempt' ? rng.pick(EXEMPT) : null;
  if (special === null) return services;
  // The 13% or exempt line replaces one service line (the last, so services lead as on real invoices).
  return count === 1 ? [special] : [...services.slice(0, count - 1), special];
}

export function makeLine(rng: Rng, entry: CatalogItem, style: NumberStyle): DocLine {
  const unit = rng.pick(entry.units);
  const lumpSum = rng.chance(entry.lumpSumShare ?? 0);
  const quantity = unit === '项' ? 1 : rng.int(entry.quantity[0], entry.quantity[1]);
  // Whole ten-fen prices, as price lists quote them.
  const price = rng.int(entry.price[0] / 10, entry.price[1] / 10) * 10;
  const amount = quantity * price;
  const rate = RATES[entry.rate];
  return {
    name: entry.name,
    spec: entry.specs.length > 0 && rng.chance(0.8) ? rng.pick(entry.specs) : null,
    unit: lumpSum ? null : unit,
    quantity: lumpSum ? null : quantityText(quantity, style),
    unitPrice: lumpSum ? null : priceText(price, style),
    amount,
    rate,
    tax: lineTax(amount, rate),
    serviceType: entry.serviceType,
  };
}

export function makeLines(rng: Rng, count: number, rates: RateMix, style: NumberStyle): DocLine[] {
  return pickEntries(rng, count, rates).map((entry) => makeLine(rng, entry, style));
}

/** The same line with the opposite sign: quantity and amounts negative, unit price unchanged. */
export function negateLine(line: DocLine): DocLine {
  const negate = (text: string | null) => (text === null ? null : text.startsWith('-') ? text.slice(1) : `-${text}`);
  return {
    ...line,
    quantity: negate(line.quantity),
    amount: -line.amount,
    tax: line.tax === null ? null : -line.tax,
  };
}
