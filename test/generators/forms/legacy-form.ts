/**
 * The legacy (税控) e-invoice form, 609 x 394 pt, positions taken from real invoices: 密码区
 * beside the buyer, 备注 beside the seller, 收款人 / 复核 / 开票人 footer, the 监制章 seal.
 */
import { LEGACY_NAME_WIDTH, LEGACY_TABLE, legacyItemRow } from './legacy-rows.js';
import { listPages } from './list-pages.js';
import { Sheet, type SheetPage } from './sheet.js';
import type { SynthInvoice } from './synth-invoice.js';

const DEFAULT_CIPHER = ['0696/79+6663/1*8*0462405794', '<>9200518*10-0<9>051-736759', '+0+72243>6>-817</15<*25<>70', '52>6>/6200518*10-0<9>057267'];

function header(s: Sheet, inv: SynthInvoice): void {
  s.label(inv.title, 186.2, 40.9, 20);
  if (inv.negativeMark) s.label('销项负数', 60, 45, 12);
  s.label('机器编号:', 31.1, 72.9);
  s.value(inv.machineNumber ?? '661911908051', 75, 72, 9, { name: 'MachineNo' });
  s.label('发票代码:', 434.9, 20.6);
  s.value(inv.code, 475, 20, 9, { name: 'InvoiceCode' });
  s.label('发票号码:', 434.8, 38.1);
  s.value(inv.number, 475, 38, 9, { name: 'InvoiceNo' });
  s.label('开票日期:', 434.3, 55.3);
  if (typeof inv.date === 'string') {
    // Legacy OFDs print the date as one text, without the form's separate 年/月/日.
    s.value(inv.date, 477, 55, 9, { name: 'IssueDate' });
  } else {
    const [yy, mm, dd] = inv.date;
    s.value(yy, 477, 55, 9, { name: 'IssueDate' });
    s.value(mm, 509.4, 55, 9, { name: 'IssueDate' });
    s.value(dd, 531, 55, 9, { name: 'IssueDate' });
    s.label('年', 500.5, 55.4);
    s.label('月', 521.8, 55.1);
    s.label('日', 542.3, 55.3);
  }
  s.label('校 验 码:', 434.6, 73);
  s.value(inv.checkCode, 475, 73, 9, { name: 'InvoiceCheckCode' });
  // The 全国统一发票监制章 seal: rotated glyphs and a few upright ones beside the date.
  [...'全国统一发票监制'].forEach((ch, i) => s.decor(ch, 274 + i * 8, 52 - i, 7, 'value', 40 - i * 10));
  s.decor('国', 281.3, 55.6, 7, 'label');
  s.decor('家 税 务', 289.6, 55.4, 7, 'label');
  s.decor('局', 322.3, 55.4, 7, 'label');
}

function parties(s: Sheet, inv: SynthInvoice): void {
  s.vertical('购买方', 28.7, 101.2, 15.6);
  s.label('名', 48.3, 94.5);
  s.label('称:', 93.3, 94.5);
  s.value(inv.buyer.name, 108, 94, 9, { name: 'BuyerName' });
  s.label('纳税人识别号:', 48.5, 109.7);
  s.value(inv.buyer.taxId, 108, 110, 12, { name: 'BuyerTaxID' });
  s.label('地 址、电 话:', 48.4, 124.7);
  s.label('开户行及账号:', 48.4, 139.9);
  s.vertical('密码区', 351.9, 97.6, 19.6);
  (inv.cipher ?? DEFAULT_CIPHER).forEach((c, i) => s.value(c, 380.8, 96 + i * 15, 12, { name: 'TaxControlCode' }));
}

function seller(s: Sheet, inv: SynthInvoice): void {
  s.vertical('销售方', 29.5, 309.8, 14);
  s.label('名', 47.9, 303);
  s.label('称:', 92.9, 303);
  s.value(inv.seller.name, 108, 303, 9, { name: 'SellerName' });
  s.label('纳税人识别号:', 48, 317.4);
  s.value(inv.seller.taxId, 108, 318, 12, { name: 'SellerTaxID' });
  s.label('地 址、电 话:', 48, 331.7);
  s.value(inv.seller.addressPhone ?? '天津市东丽区华明高新技术产业区华丰路6号A2座4楼101室022-26629111', 108, 331, 7, { name: 'SellerAddrTel' });
  s.label('开户行及账号:', 48, 345.2);
  s.value(inv.seller.bankAccount ?? '中国银行股份有限公司天津滨海城市广场支行 280487613780', 108, 345, 8, { name: 'SellerFinancialAccount' });
}

export function legacySheets(inv: SynthInvoice): SheetPage[] {
  const s = new Sheet();
  header(s, inv);
  parties(s, inv);
  const head: [string, number][] = [
    ['货物或应税劳务、服务名称', 44], ['规格型号', 180.4], ['单位', 226.7], ['数 量', 275.3], ['单 价', 343.9],
    ['金', 423.4], ['额', 441.4], ['税率', 483.6], ['税', 536.8], ['额', 554.8],
  ];
  for (const [t, x] of head) s.label(t, x, 155.4);
  let y: number = LEGACY_TABLE.top;
  if (inv.listed) y += legacyItemRow(s, inv.listed.summary, y, 27, LEGACY_NAME_WIDTH);
  else inv.items.forEach((item, i) => (y += legacyItemRow(s, item, y, 27, LEGACY_NAME_WIDTH, i)));
  s.label('合', 61.2, LEGACY_TABLE.totals);
  s.label('计', 101.7, LEGACY_TABLE.totals);
  s.right(`¥${inv.totalAmount}`, 478, 268, 11, { name: 'TaxExclusiveTotalAmount' });
  // A tax total of asterisks (免税 / 不征税) is printed without the currency sign.
  s.right(/^[*＊]+$/u.test(inv.totalTax) ? inv.totalTax : `¥${inv.totalTax}`, 590, 268, 11, { name: 'TaxTotalAmount' });
  s.label('价税合计(大写)', 61.4, 284);
  s.value(inv.words, 190, 284);
  s.label('(小写)', 448.4, 283.8);
  s.value(`¥${inv.totalWithTax}`, 474, 284, 11, { name: 'TaxInclusiveTotalAmount' });
  seller(s, inv);
  s.vertical('备注', 351.3, 309.9, 30.2);
  (inv.remarks ?? []).forEach((r, i) => s.value(r, 370, 302 + i * 12, 9, { name: 'Note' }));
  s.label('收款人:', 32.9, 363.7);
  s.value(inv.payee, 65, 364, 9, { name: 'Payee' });
  s.label('复核:', 191.9, 364.4);
  s.value(inv.reviewer, 215, 364, 9, { name: 'Checker' });
  s.label('开票人:', 314, 364.1);
  s.value(inv.issuer, 347, 364, 9, { name: 'InvoiceClerk' });
  s.label('销售方:(章)', 436.3, 364.1);
  const pages = [s.page(609.44, 394.01)];
  if (inv.listed) pages.push(...listPages(inv, inv.listed));
  return pages;
}
