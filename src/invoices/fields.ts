import { z } from 'zod';
import { storableText } from '../domain/storable-text.js';

/**
 * The parsed content of one VAT e-invoice: the `fields` object of API.md, with the conventions of
 * shared/fixtures/invoices/README.md (amounts as two-decimal yuan strings, null where the invoice
 * has no such field, quantities and unit prices exactly as printed).
 */
export const Party = z.object({
  name: z.string().nullable(),
  taxId: z.string().nullable(),
});
export type Party = z.infer<typeof Party>;

export const InvoiceItem = z.object({
  name: z.string(),
  spec: z.string().nullable(),
  unit: z.string().nullable(),
  quantity: z.string().nullable(),
  unitPrice: z.string().nullable(),
  amount: z.string(),
  taxRate: z.string().nullable(),
  tax: z.string().nullable(),
});
export type InvoiceItem = z.infer<typeof InvoiceItem>;

export const InvoiceFields = z.object({
  style: z.enum(['digital', 'legacy']),
  kind: z.enum(['special', 'ordinary']),
  title: z.string().nullable(),
  invoiceCode: z.string().nullable(),
  invoiceNumber: z.string(),
  issueDate: z.string(),
  checkCode: z.string().nullable(),
  buyer: Party,
  seller: Party,
  items: z.array(InvoiceItem),
  totalAmount: z.string(),
  totalTax: z.string(),
  totalWithTax: z.string(),
  totalWithTaxChinese: z.string().nullable(),
  isRed: z.boolean(),
  originalInvoiceNumber: z.string().nullable(),
  originalInvoiceCode: z.string().nullable(),
  remarks: z.string().nullable(),
  issuer: z.string().nullable(),
  pages: z.number().int().nullable(),
});
export type InvoiceFields = z.infer<typeof InvoiceFields>;

export type InvoiceFormat = 'pdf' | 'ofd' | 'xml';

/** Raised for a file that is not a readable invoice; the message is shown on the invoice. */
export class InvoiceParseError extends Error {
  override name = 'InvoiceParseError';
  constructor(
    public readonly code: string,
    message: string,
  ) {
    // The message is kept on the invoice and may quote the file.
    super(storableText(message));
  }
}
