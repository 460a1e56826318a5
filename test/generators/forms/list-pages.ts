/**
 * Legacy 销售货物或者提供应税劳务、服务清单 pages: the real lines of an invoice whose first page
 * only says '(详见销货清单)', with 小计 per page and 总计 on the last.
 */
import { legacyItemRow } from './legacy-rows.js';
import { Sheet, type SheetPage } from './sheet.js';
import type { SynthInvoice, SynthListed } from './synth-invoice.js';

const printedDate = (date: SynthInvoice['date']): string =>
  typeof date === 'string' ? date : `${date[0]}年${date[1]}月${date[2]}日`;

export function listPages(inv: SynthInvoice, listed: SynthListed): SheetPage[] {
  const pageCount = Math.ceil(inv.items.length / listed.perPage);
  const codeLabel = /专用/u.test(inv.title) ? '所属增值税电子专用发票代码:' : '所属增值税电子普通发票代码:';
  const pages: SheetPage[] = [];
  for (let p = 0; p < pageCount; p++) {
    const s = new Sheet();
    s.label('销售货物或者提供应税劳务、服务清单', 160, 30, 14);
    s.label('购买方名称:', 30, 55);
    s.value(inv.buyer.name, 90, 55);
    s.label('销售方名称:', 30, 70);
    s.value(inv.seller.name, 90, 70);
    s.label(codeLabel, 30, 85);
    s.value(inv.code, 160, 85);
    s.label('号码:', 300, 85);
    s.value(inv.number, 330, 85);
    s.label(`共 ${pageCount} 页 第 ${p + 1} 页`, 480, 85);
    const header: [string, number][] = [
      ['序号', 20], ['货物(劳务)名称', 85], ['规格型号', 180.4], ['单位', 226.7], ['数 量', 275.3], ['单 价', 343.9],
      ['金 额', 423.4], ['税率', 483.6], ['税 额', 545],
    ];
    for (const [t, x] of header) s.label(t, x, 105);
    let y = 118;
    inv.items.slice(p * listed.perPage, (p + 1) * listed.perPage).forEach((item, i) => {
      const index = p * listed.perPage + i;
      s.right(String(index + 1), 40, y, 9, { name: 'ItemIndex', item: index });
      y += legacyItemRow(s, item, y, 48, 120, index);
    });
    const [amount, tax] = listed.pageTotals[p]!;
    s.label('小 计', 85, y + 4);
    s.right(`¥${amount}`, 478, y + 4);
    s.right(`¥${tax}`, 590, y + 4);
    if (p === pageCount - 1) {
      s.label('总 计', 85, y + 18);
      s.right(`¥${listed.grandTotal[0]}`, 478, y + 18);
      s.right(`¥${listed.grandTotal[1]}`, 590, y + 18);
    }
    s.label('备注', 40, y + 34);
    s.label('销售方(章)', 30, 380);
    s.label('填开日期:', 400, 380);
    s.value(printedDate(inv.date), 445, 380);
    pages.push(s.page(609.44, 394.01));
  }
  return pages;
}
