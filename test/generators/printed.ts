/**
 * The invoice as its printed form shows it (the forms' SynthInvoice): every value as text, the
 * tax total of an all-exempt invoice as asterisks, （负数） before the words of a red invoice,
 * 销货清单 summary and page subtotals for a listed legacy invoice.
 */
import { formatYuan } from '../../src/domain/money.js';
import type { SynthInvoice, SynthItem } from './forms/synth-invoice.js';
import { groupedCheckCode } from './identifiers.js';
import { LIST_PER_PAGE, chineseDate, dateParts, type DocLine, type InvoiceDoc } from './model.js';

export function printedItem(line: DocLine): SynthItem {
  return {
    name: line.name,
    ...(line.spec === null ? {} : { spec: line.spec }),
    ...(line.unit === null ? {} : { unit: line.unit }),
    ...(line.quantity === null ? {} : { quantity: line.quantity }),
    ...(line.unitPrice === null ? {} : { unitPrice: line.unitPrice }),
    amount: formatYuan(line.amount),
    taxRate: line.rate.key,
    tax: line.tax === null ? '***' : formatYuan(line.tax),
  };
}

function listed(doc: InvoiceDoc): SynthInvoice['listed'] {
  const pages: [string, string][] = [];
  for (let i = 0; i < doc.lines.length; i += LIST_PER_PAGE) {
    const page = doc.lines.slice(i, i + LIST_PER_PAGE);
    pages.push([formatYuan(page.reduce((s, l) => s + l.amount, 0)), formatYuan(page.reduce((s, l) => s + (l.tax ?? 0), 0))]);
  }
  const rate = doc.lines[0]?.rate.key ?? '6%';
  return {
    summary: { name: '(详见销货清单)', amount: formatYuan(doc.net), taxRate: rate, tax: formatYuan(doc.tax) },
    perPage: LIST_PER_PAGE,
    pageTotals: pages,
    grandTotal: [formatYuan(doc.net), formatYuan(doc.tax)],
  };
}

/** `oneDateText`: legacy OFDs print the date as one text instead of the PDF form's 年/月/日 cells. */
export function printedInvoice(doc: InvoiceDoc, oneDateText = false): SynthInvoice {
  const legacy = doc.generation === 'legacy';
  const negative = doc.red === null ? '' : legacy ? '(负数)' : '（负数）';
  return {
    title: doc.title,
    ...(doc.code === null ? {} : { code: doc.code }),
    number: doc.number,
    date: legacy && !oneDateText ? dateParts(doc.issueDate) : chineseDate(doc.issueDate),
    ...(doc.checkCode === null ? {} : { checkCode: groupedCheckCode(doc.checkCode) }),
    ...(doc.machineNumber === null ? {} : { machineNumber: doc.machineNumber }),
    ...(doc.cipher === null ? {} : { cipher: doc.cipher }),
    buyer: { name: doc.buyer.name, taxId: doc.buyer.taxId },
    seller: {
      name: doc.seller.name,
      taxId: doc.seller.taxId,
      addressPhone: `${doc.seller.address} ${doc.seller.phone}`,
      bankAccount: `${doc.seller.bank} ${doc.seller.account}`,
    },
    items: doc.lines.map(printedItem),
    totalAmount: formatYuan(doc.net),
    totalTax: doc.allExempt ? '***' : formatYuan(doc.tax),
    totalWithTax: formatYuan(doc.gross),
    words: negative + doc.words,
    remarks: doc.remarks,
    issuer: doc.issuer,
    ...(doc.payee === null ? {} : { payee: doc.payee }),
    ...(doc.reviewer === null ? {} : { reviewer: doc.reviewer }),
    negativeMark: legacy && doc.red !== null,
    ...(doc.listed ? { listed: listed(doc) } : {}),
    order: doc.order,
  };
}
