/**
 * An invoice as printed: every value a string exactly as it appears on the form. The form
 * layouts (digital-form.ts, legacy-form.ts) place these; nothing here is computed.
 */
import type { InvoiceItem } from '../../../src/invoices/fields.js';
import type { StreamOrder } from './sheet.js';

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

export interface SynthParty {
  name: string;
  taxId?: string;
  /** Legacy forms print 地址、电话 and 开户行及账号 for the seller. */
  addressPhone?: string;
  bankAccount?: string;
}

export interface SynthListed {
  summary: SynthItem;
  perPage: number;
  pageTotals: [string, string][];
  grandTotal: [string, string];
}

export interface SynthInvoice {
  title: string;
  code?: string;
  number: string;
  /**
   * As printed: '2025年07月22日' (数电), ['2019', '07', '20'] (legacy PDF, with 年/月/日 apart) or
   * '2019年07月20日' on a legacy form (one text, as legacy OFDs print it).
   */
  date: string | [string, string, string];
  checkCode?: string;
  machineNumber?: string;
  /** 密码区 lines (legacy). */
  cipher?: string[];
  buyer: { name: string; taxId?: string };
  seller: SynthParty & { taxId: string };
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
  listed?: SynthListed;
  /** Text-stream order: as read, or all labels first and the values after them in reverse. */
  order?: StreamOrder;
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
