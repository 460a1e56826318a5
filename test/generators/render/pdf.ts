/** A generated invoice as a PDF: the printed form through the synthetic PDF writer. */
import { buildPdf } from '../../invoices/pdf-synthetic.js';
import { digitalSheet } from '../forms/digital-form.js';
import { legacySheets } from '../forms/legacy-form.js';
import { toPageSpec } from '../forms/sheet.js';
import type { InvoiceDoc } from '../model.js';
import { printedInvoice } from '../printed.js';

export function renderPdf(doc: InvoiceDoc): Uint8Array {
  const printed = printedInvoice(doc);
  const sheets = doc.generation === 'digital' ? [digitalSheet(printed)] : legacySheets(printed);
  return buildPdf(sheets.map((s) => toPageSpec(s, doc.order)));
}
