/**
 * The 数电 invoice form (595 x 397 pt, i.e. 210 x 140 mm), positions taken from real invoices:
 * buyer left and seller right, items table, 合计, 价税合计, 备注 and 开票人 only.
 */
import { Sheet, textWidth, wrap, type SheetPage } from './sheet.js';
import type { SynthInvoice } from './synth-invoice.js';

/** Width of the item-name cell; longer names wrap inside it. */
export const DIGITAL_NAME_WIDTH = 94.5;
/** Baselines of the first item row and of the 合计 row: the items table lies between them. */
export const DIGITAL_TABLE = { top: 168, totals: 269.3, rowStep: 12.7 } as const;

/**
 * A 合计 amount right-aligned at `right` with its '¥' in the column's usual place, or moved left
 * of an amount long enough to start where the '¥' would be.
 */
function yenBefore(s: Sheet, amount: string, yenX: number, right: number, tag: string): void {
  const start = right - textWidth(amount);
  s.value('¥', start > yenX + 1 ? yenX : start - textWidth('¥', 11) - 1, 268.25, 11, { name: tag });
  s.right(amount, right, 268.25, 9, { name: tag });
}

export function digitalSheet(inv: SynthInvoice): SheetPage {
  const s = new Sheet();
  s.label(inv.title, 161.7, 40, 20);
  s.label('发票号码：', 438, 39.75);
  s.value(inv.number, 481.9, 39.5, 9, { name: 'InvoiceNo' });
  s.label('开票日期：', 438, 56.75);
  s.value(typeof inv.date === 'string' ? inv.date : inv.date.join(''), 481.9, 56.85, 9, { name: 'IssueDate' });
  s.vertical('购买方信息', 16.9, 100.6, 9.9);
  s.vertical('销售方信息', 301.8, 100.6, 9.9);
  s.label('名称：', 32.7, 103.5);
  s.value(inv.buyer.name, 56.7, 103.5, 9, { name: 'BuyerName' });
  s.label('名称：', 317.6, 103.5);
  s.value(inv.seller.name, 340.2, 103.5, 9, { name: 'SellerName' });
  s.label('统一社会信用代码/纳税人识别号：', 32.5, 133.2, 7.5);
  s.value(inv.buyer.taxId, 153.1, 133.4, 12, { name: 'BuyerTaxID' });
  s.label('统一社会信用代码/纳税人识别号：', 317.4, 133.2, 7.5);
  s.value(inv.seller.taxId, 437.9, 133.4, 12, { name: 'SellerTaxID' });
  const header: [string, number][] = [
    ['项目名称', 45.4], ['规格型号', 119.4], ['单', 190], ['位', 208],
    ...((inv.priceBeforeQuantity
      ? [['单', 263.7], ['价', 281.7], ['数', 334.6], ['量', 352.6]]
      : [['数', 263.7], ['量', 281.7], ['单', 334.6], ['价', 352.6]]) as [string, number][]),
    ['金', 406.8], ['额', 424.8], ['税率/征收率', 446.5], ['税', 551.4], ['额', 569.4],
  ];
  for (const [t, x] of header) s.label(t, x, 158.7);
  const [qtyRight, priceRight] = inv.priceBeforeQuantity ? [361.4, 290.5] : [290.5, 361.4];
  let y = DIGITAL_TABLE.top;
  inv.items.forEach((item, i) => {
    const lines = wrap(item.name, DIGITAL_NAME_WIDTH);
    lines.forEach((l, k) => s.value(l, 12.8, y + k * DIGITAL_TABLE.rowStep, 9, { name: 'Item', item: i }));
    s.value(item.spec, 119.1, y + 0.7, 9, { name: 'Specification', item: i });
    s.centre(item.unit, 203, y + 0.7, 9, { name: 'MeasurementDimension', item: i });
    s.right(item.quantity, qtyRight, y + 0.7, 9, { name: 'Quantity', item: i });
    s.right(item.unitPrice, priceRight, y + 0.3, 8, { name: 'Price', item: i });
    s.right(item.amount, 433.7, y + 0.7, 9, { name: 'Amount', item: i });
    s.centre(item.taxRate, 472, y + 0.7, 9, { name: 'TaxScheme', item: i });
    s.right(item.tax, 582.5, y + 0.7, 9, { name: 'TaxAmount', item: i });
    y += Math.max(lines.length, 2) * DIGITAL_TABLE.rowStep;
  });
  s.label('合', 58.2, DIGITAL_TABLE.totals);
  s.label('计', 103.5, DIGITAL_TABLE.totals);
  yenBefore(s, inv.totalAmount, 397, 435.1, 'TaxExclusiveTotalAmount');
  yenBefore(s, inv.totalTax, 548.9, 582.5, 'TaxTotalAmount');
  s.label('价税合计（大写）', 48, 287.75);
  s.value(inv.words, 178.4, 285.85);
  s.label('（小写）', 406.8, 287.75);
  s.value('¥', 440.8, 286.25, 11, { name: 'TaxInclusiveTotalAmount' });
  s.value(inv.totalWithTax, 447.4, 286.25, 11, { name: 'TaxInclusiveTotalAmount' });
  s.vertical('备注', 17.1, 317.55, 17);
  (inv.remarks ?? []).forEach((r, i) => s.value(r, 31.5, 304 + i * 12, 9, { name: 'Note' }));
  s.label('开票人：', 55.3, 375.65);
  s.value(inv.issuer, 90.7, 375.95, 9, { name: 'InvoiceClerk' });
  return s.page(595.28, 396.85);
}
