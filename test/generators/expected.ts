/**
 * The fields a correct parser returns for a generated invoice, in the fixtures' conventions
 * (shared/fixtures/invoices/README.md): amounts as two-decimal yuan, null where the invoice has no
 * such field, item cells as printed, the 销货清单 lines rather than the summary line, remarks with
 * their lines joined by one space, the amount words without （负数）.
 */
import { formatYuan } from '../../src/domain/money.js';
import type { InvoiceFields, InvoiceItem } from '../../src/invoices/fields.js';
import { pageCount, type DocLine, type InvoiceDoc, type OutputFormat } from './model.js';

export function expectedItem(line: DocLine): InvoiceItem {
  return {
    name: line.name,
    spec: line.spec,
    unit: line.unit,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    amount: formatYuan(line.amount),
    taxRate: line.rate.key,
    tax: line.tax === null ? null : formatYuan(line.tax),
  };
}

export function expectedFields(doc: InvoiceDoc, format: OutputFormat): InvoiceFields {
  return {
    style: doc.generation,
    kind: doc.kind,
    title: doc.title,
    invoiceCode: doc.code,
    invoiceNumber: doc.number,
    issueDate: doc.issueDate,
    checkCode: doc.checkCode,
    buyer: { name: doc.buyer.name, taxId: doc.buyer.taxId },
    seller: { name: doc.seller.name, taxId: doc.seller.taxId },
    items: doc.lines.map(expectedItem),
    totalAmount: formatYuan(doc.net),
    totalTax: formatYuan(doc.tax),
    totalWithTax: formatYuan(doc.gross),
    totalWithTaxChinese: doc.words,
    isRed: doc.red !== null,
    originalInvoiceNumber: doc.red?.originalNumber ?? null,
    originalInvoiceCode: doc.red?.originalCode ?? null,
    remarks: doc.remarks.length > 0 ? doc.remarks.join(' ') : null,
    issuer: doc.issuer,
    pages: pageCount(doc, format),
  };
}
