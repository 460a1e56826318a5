/**
 * The provider-statement line that matches a generated invoice: the fields reconciliation keys on
 * (invoice number and code, issue date, gross amount, customer) plus the provider's service type,
 * in the shape of a `PUT /v1/statements/{id}` line.
 */
import type { InvoiceFields } from '../../src/invoices/fields.js';
import type { ServiceType } from '../../src/services/statements/statement-input.js';
import type { GeneratedInvoice } from './generate.js';
import type { DocLine } from './model.js';

export interface StatementLine {
  lineId: string;
  customerUscc: string;
  invoiceNumber: string;
  invoiceCode: string | null;
  issueDate: string;
  amount: string;
  serviceType: ServiceType;
  description: string | null;
  quantity: string | null;
  unit: string | null;
}

/** The service type of the invoice's largest line, as the provider would classify it. */
export function serviceTypeOf(lines: readonly DocLine[]): ServiceType {
  const largest = [...lines].sort((a, b) => Math.abs(b.amount) - Math.abs(a.amount))[0];
  return largest?.serviceType ?? 'other';
}

/** Sum of whole quantities when every line has one, in one unit ('720.00000000' counts as 720). */
function totalQuantity(items: InvoiceFields['items']): { quantity: string; unit: string } | null {
  const unit = items[0]?.unit;
  if (!unit || items.some((i) => i.unit !== unit || i.quantity === null || !/^-?\d+(\.0+)?$/u.test(i.quantity))) return null;
  const sum = items.reduce((s, i) => s + BigInt(i.quantity!.replace(/\.0+$/u, '')), 0n);
  return { quantity: String(sum), unit };
}

export function statementLineFor(invoice: GeneratedInvoice, serviceType?: ServiceType, lineId?: string): StatementLine {
  const f = invoice.expected;
  if (f.buyer.taxId === null) throw new Error('a statement line needs the customer USCC, and this invoice has no buyer tax id');
  const qty = totalQuantity(f.items);
  return {
    lineId: lineId ?? (f.invoiceCode ? `${f.invoiceCode}-${f.invoiceNumber}` : f.invoiceNumber),
    customerUscc: f.buyer.taxId,
    invoiceNumber: f.invoiceNumber,
    invoiceCode: f.invoiceCode,
    issueDate: f.issueDate,
    amount: f.totalWithTax,
    serviceType: serviceType ?? serviceTypeOf(invoice.doc.lines),
    description: f.items[0]?.name ?? null,
    quantity: qty?.quantity ?? null,
    unit: qty?.unit ?? null,
  };
}
