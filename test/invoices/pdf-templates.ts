/**
 * Invoice layouts for parser tests, modelled on the printed forms of both generations (positions
 * taken from real invoices): 数电 with buyer and seller side by side, legacy with the 密码区
 * beside the buyer and the 备注 beside the seller, and the legacy 销货清单 list page.
 */
import type { InvoiceItem } from '../../src/invoices/fields.js';
import type { PageSpec, TextSpec } from './pdf-synthetic.js';

export interface SynthItem {
  name: string;
  spec?: string;
  unit?: string;
  quantity?: string;
  unitPrice?: string;
  amount: string;
  taxRate: string;
  tax: string;
}

export interface SynthInvoice {
  title: string;
  code?: string;
  number: string;
  /** As printed: '2025年07月22日' (数电) or ['2019', '07', '20'] (legacy, with 年/月/日 apart). */
  date: string | [string, string, string];
  checkCode?: string;
  buyer: { name: string; taxId?: string };
  seller: { name: string; taxId: string };
  items: SynthItem[];
  /** Column order of the table headers after the name; 旅客运输 prints 单价 before 数量. */
  priceBeforeQuantity?: boolean;
  totalAmount: string;
  totalTax: string;
  totalWithTax: string;
  words: string;
  remarks?: string[];
  issuer: string;
  payee?: string;
  reviewer?: string;
  negativeMark?: boolean;
  /** Legacy only: the items go on 销货清单 pages and the invoice shows '(详见销货清单)'. */
  listed?: { summary: SynthItem; perPage: number; pageTotals: [string, string][]; grandTotal: [string, string] };
  /** Text-stream order: as read, or all labels first and the values after them in reverse. */
  order?: 'natural' | 'labelsFirst';
}

type Role = 'label' | 'value';
type Placed = TextSpec & { role: Role };

export const textWidth = (text: string, size = 9): number =>
  [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x7f ? 0.5 : 1), 0) * size;

class Sheet {
  readonly texts: Placed[] = [];
  label(text: string, x: number, y: number, size = 9): void {
    this.texts.push({ text, x, y, size, role: 'label' });
  }
  value(text: string | undefined, x: number, y: number, size = 9): void {
    if (text) this.texts.push({ text, x, y, size, role: 'value' });
  }
  right(text: string | undefined, xRight: number, y: number, size = 9): void {
    if (text) this.value(text, xRight - textWidth(text, size), y, size);
  }
  centre(text: string | undefined, xMid: number, y: number, size = 9): void {
    if (text) this.value(text, xMid - textWidth(text, size) / 2, y, size);
  }
  vertical(word: string, x: number, yTop: number, step: number): void {
    [...word].forEach((ch, i) => this.label(ch, x, yTop + i * step));
  }
  page(width: number, height: number, order: SynthInvoice['order']): PageSpec {
    const texts =
      order === 'labelsFirst'
        ? [...this.texts.filter((t) => t.role === 'label'), ...this.texts.filter((t) => t.role === 'value').reverse()]
        : this.texts;
    return { width, height, texts: texts.map(({ role: _role, ...t }) => t) };
  }
}

/** Breaks text into lines no wider than `width` (names wrap inside their cell). */
export function wrap(text: string, width: number, size = 9): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line !== '' && textWidth(line + ch, size) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** 数电: 595 x 397, buyer left / seller right, 开票人 only. */
export function digitalInvoice(inv: SynthInvoice): PageSpec[] {
  const s = new Sheet();
  s.label(inv.title, 161.7, 40, 20);
  s.label('发票号码：', 438, 39.75);
  s.value(inv.number, 481.9, 39.5);
  s.label('开票日期：', 438, 56.75);
  s.value(typeof inv.date === 'string' ? inv.date : inv.date.join(''), 481.9, 56.85);
  s.vertical('购买方信息', 16.9, 100.6, 9.9);
  s.vertical('销售方信息', 301.8, 100.6, 9.9);
  s.label('名称：', 32.7, 103.5);
  s.value(inv.buyer.name, 56.7, 103.5);
  s.label('名称：', 317.6, 103.5);
  s.value(inv.seller.name, 340.2, 103.5);
  s.label('统一社会信用代码/纳税人识别号：', 32.5, 133.2, 7.5);
  s.value(inv.buyer.taxId, 153.1, 133.4, 12);
  s.label('统一社会信用代码/纳税人识别号：', 317.4, 133.2, 7.5);
  s.value(inv.seller.taxId, 437.9, 133.4, 12);
  const header: [string, number][] = [
    ['项目名称', 45.4], ['规格型号', 119.4], ['单', 190], ['位', 208],
    ...((inv.priceBeforeQuantity
      ? [['单', 263.7], ['价', 281.7], ['数', 334.6], ['量', 352.6]]
      : [['数', 263.7], ['量', 281.7], ['单', 334.6], ['价', 352.6]]) as [string, number][]),
    ['金', 406.8], ['额', 424.8], ['税率/征收率', 446.5], ['税', 551.4], ['额', 569.4],
  ];
  for (const [t, x] of header) s.label(t, x, 158.7);
  const [qtyRight, priceRight] = inv.priceBeforeQuantity ? [361.4, 290.5] : [290.5, 361.4];
  let y = 168;
  for (const item of inv.items) {
    const lines = wrap(item.name, 94.5);
    lines.forEach((l, i) => s.value(l, 12.8, y + i * 12.7));
    s.value(item.spec, 119.1, y + 0.7);
    s.centre(item.unit, 203, y + 0.7);
    s.right(item.quantity, qtyRight, y + 0.7);
    s.right(item.unitPrice, priceRight, y + 0.3, 8);
    s.right(item.amount, 433.7, y + 0.7);
    s.centre(item.taxRate, 472, y + 0.7);
    s.right(item.tax, 582.5, y + 0.7);
    y += Math.max(lines.length, 2) * 12.7;
  }
  s.label('合', 58.2, 269.3);
  s.label('计', 103.5, 269.3);
  s.value('¥', 397, 268.25, 11);
  s.right(inv.totalAmount, 435.1, 268.25);
  s.value('¥', 548.9, 268.25, 11);
  s.right(inv.totalTax, 582.5, 268.25);
  s.label('价税合计（大写）', 48, 287.75);
  s.value(inv.words, 178.4, 285.85);
  s.label('（小写）', 406.8, 287.75);
  s.value('¥', 440.8, 286.25, 11);
  s.value(inv.totalWithTax, 447.4, 286.25, 11);
  s.vertical('备注', 17.1, 317.55, 17);
  (inv.remarks ?? []).forEach((r, i) => s.value(r, 31.5, 304 + i * 12));
  s.label('开票人：', 55.3, 375.65);
  s.value(inv.issuer, 90.7, 375.95);
  return [s.page(595.28, 396.85, inv.order)];
}

function legacyItemRow(s: Sheet, item: SynthItem, y: number, nameX: number, nameWidth: number): number {
  const lines = wrap(item.name, nameWidth);
  lines.forEach((l, i) => s.value(l, nameX, y + i * 12));
  s.value(item.spec, 178, y);
  s.centre(item.unit, 235.7, y);
  s.right(item.quantity, 319, y);
  s.right(item.unitPrice, 390, y);
  s.right(item.amount, 478, y);
  s.right(item.taxRate, 502, y);
  s.right(item.tax, 590, y);
  return lines.length * 12;
}

/** Legacy e-invoice: 609 x 394, 密码区 beside the buyer, 备注 beside the seller, full footer. */
export function legacyInvoice(inv: SynthInvoice): PageSpec[] {
  const s = new Sheet();
  s.label(inv.title, 186.2, 40.9, 20);
  if (inv.negativeMark) s.label('销项负数', 60, 45, 12);
  s.label('机器编号:', 31.1, 72.9);
  s.value('661911908051', 75, 72);
  s.label('发票代码:', 434.9, 20.6);
  s.value(inv.code, 475, 20);
  s.label('发票号码:', 434.8, 38.1);
  s.value(inv.number, 475, 38);
  s.label('开票日期:', 434.3, 55.3);
  const [yy, mm, dd] = typeof inv.date === 'string' ? [inv.date, '', ''] : inv.date;
  s.value(yy, 477, 55);
  s.value(mm, 509.4, 55);
  s.value(dd, 531, 55);
  s.label('年', 500.5, 55.4);
  s.label('月', 521.8, 55.1);
  s.label('日', 542.3, 55.3);
  s.label('校 验 码:', 434.6, 73);
  s.value(inv.checkCode, 475, 73);
  // The 全国统一发票监制章 seal: rotated glyphs and a few upright ones beside the date.
  [...'全国统一发票监制'].forEach((ch, i) => s.texts.push({ text: ch, x: 274 + i * 8, y: 52 - i, size: 7, rotate: 40 - i * 10, role: 'value' }));
  s.label('国', 281.3, 55.6, 7);
  s.label('家 税 务', 289.6, 55.4, 7);
  s.label('局', 322.3, 55.4, 7);
  s.vertical('购买方', 28.7, 101.2, 15.6);
  s.label('名', 48.3, 94.5);
  s.label('称:', 93.3, 94.5);
  s.value(inv.buyer.name, 108, 94);
  s.label('纳税人识别号:', 48.5, 109.7);
  s.value(inv.buyer.taxId, 108, 110, 12);
  s.label('地 址、电 话:', 48.4, 124.7);
  s.label('开户行及账号:', 48.4, 139.9);
  s.vertical('密码区', 351.9, 97.6, 19.6);
  ['0696/79+6663/1*8*0462405794', '<>9200518*10-0<9>051-736759', '+0+72243>6>-817</15<*25<>70', '52>6>/6200518*10-0<9>057267'].forEach((c, i) =>
    s.value(c, 380.8, 96 + i * 15, 12),
  );
  const header: [string, number][] = [
    ['货物或应税劳务、服务名称', 44], ['规格型号', 180.4], ['单位', 226.7], ['数 量', 275.3], ['单 价', 343.9],
    ['金', 423.4], ['额', 441.4], ['税率', 483.6], ['税', 536.8], ['额', 554.8],
  ];
  for (const [t, x] of header) s.label(t, x, 155.4);
  let y = 169;
  for (const item of inv.listed ? [inv.listed.summary] : inv.items) y += legacyItemRow(s, item, y, 27, 137);
  s.label('合', 61.2, 265.3);
  s.label('计', 101.7, 265.3);
  s.right(`¥${inv.totalAmount}`, 478, 268, 11);
  s.right(`¥${inv.totalTax}`, 590, 268, 11);
  s.label('价税合计(大写)', 61.4, 284);
  s.value(inv.words, 190, 284);
  s.label('(小写)', 448.4, 283.8);
  s.value(`¥${inv.totalWithTax}`, 474, 284, 11);
  s.vertical('销售方', 29.5, 309.8, 14);
  s.label('名', 47.9, 303);
  s.label('称:', 92.9, 303);
  s.value(inv.seller.name, 108, 303);
  s.label('纳税人识别号:', 48, 317.4);
  s.value(inv.seller.taxId, 108, 318, 12);
  s.label('地 址、电 话:', 48, 331.7);
  s.value('天津市东丽区华明高新技术产业区华丰路6号A2座4楼101室022-26629111', 108, 331, 7);
  s.label('开户行及账号:', 48, 345.2);
  s.value('中国银行股份有限公司天津滨海城市广场支行 280487613780', 108, 345, 8);
  s.vertical('备注', 351.3, 309.9, 30.2);
  (inv.remarks ?? []).forEach((r, i) => s.value(r, 370, 302 + i * 12));
  s.label('收款人:', 32.9, 363.7);
  s.value(inv.payee, 65, 364);
  s.label('复核:', 191.9, 364.4);
  s.value(inv.reviewer, 215, 364);
  s.label('开票人:', 314, 364.1);
  s.value(inv.issuer, 347, 364);
  s.label('销售方:(章)', 436.3, 364.1);
  const pages = [s.page(609.44, 394.01, inv.order)];
  if (inv.listed) pages.push(...listPages(inv));
  return pages;
}

/** Legacy 销售货物或者提供应税劳务、服务清单 pages, with 小计 per page and 总计 on the last. */
function listPages(inv: SynthInvoice): PageSpec[] {
  const listed = inv.listed!;
  const pageCount = Math.ceil(inv.items.length / listed.perPage);
  const pages: PageSpec[] = [];
  for (let p = 0; p < pageCount; p++) {
    const s = new Sheet();
    s.label('销售货物或者提供应税劳务、服务清单', 160, 30, 14);
    s.label('购买方名称:', 30, 55);
    s.value(inv.buyer.name, 90, 55);
    s.label('销售方名称:', 30, 70);
    s.value(inv.seller.name, 90, 70);
    s.label('所属增值税电子普通发票代码:', 30, 85);
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
      s.right(String(p * listed.perPage + i + 1), 40, y);
      y += legacyItemRow(s, item, y, 48, 120);
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
    s.value('2020年08月05日', 445, 380);
    pages.push(s.page(609.44, 394.01, inv.order));
  }
  return pages;
}

/** What the parser must return for an item printed as `item`. */
export const expectedItem = (item: SynthItem): InvoiceItem => ({
  name: item.name.normalize('NFKC'),
  spec: item.spec ?? null,
  unit: item.unit ?? null,
  quantity: item.quantity ?? null,
  unitPrice: item.unitPrice ?? null,
  amount: item.amount,
  taxRate: item.taxRate,
  tax: /^[*＊]+$/u.test(item.tax) ? null : item.tax,
});

