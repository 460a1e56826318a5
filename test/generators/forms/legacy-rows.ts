/** Item rows of the legacy form, shared by the invoice page and the 销货清单 pages. */
import { wrap, type Sheet } from './sheet.js';
import type { SynthItem } from './synth-invoice.js';

/** Width of the item-name cell on the invoice page. */
export const LEGACY_NAME_WIDTH = 137;
/** Baselines of the first item row and of the 合计 row. */
export const LEGACY_TABLE = { top: 169, totals: 265.3, rowStep: 12 } as const;

/** One item row; `index` tags the cells for OFD custom tags (the 销货清单 summary line has none). */
export function legacyItemRow(s: Sheet, item: SynthItem, y: number, nameX: number, nameWidth: number, index?: number): number {
  const tag = (name: string) => (index === undefined ? undefined : { name, item: index });
  const lines = wrap(item.name, nameWidth);
  lines.forEach((l, i) => s.value(l, nameX, y + i * LEGACY_TABLE.rowStep, 9, tag('Item')));
  s.value(item.spec, 178, y, 9, tag('Specification'));
  s.centre(item.unit, 235.7, y, 9, tag('MeasurementDimension'));
  s.right(item.quantity, 319, y, 9, tag('Quantity'));
  s.right(item.unitPrice, 390, y, 9, tag('Price'));
  s.right(item.amount, 478, y, 9, tag('Amount'));
  s.right(item.taxRate, 502, y, 9, tag('TaxScheme'));
  s.right(item.tax, 590, y, 9, tag('TaxAmount'));
  return lines.length * LEGACY_TABLE.rowStep;
}
