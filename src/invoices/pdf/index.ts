import { assembleFields, kindFromTitle, type InvoiceDraft } from '../common/index.js';
import { InvoiceParseError, type InvoiceFields } from '../fields.js';
import { hasNegativeMark, kindFromText, labelledDigits, labelledValue, readTitle } from './header-fields.js';
import { findItemTable, readItems } from './items.js';
import { PageLayout } from './page-layout.js';
import { readParties } from './parties.js';
import { readPdfText } from './pdfjs-loader.js';
import { readRemarks } from './remarks.js';
import { readTotals } from './totals.js';

/** The page that carries the invoice itself (the others are 销货清单 or continuation pages). */
function invoicePage(pages: readonly PageLayout[]): PageLayout | undefined {
  return pages.find((p) => p.labelsOf('invoiceNumber').length > 0);
}

/** The first page on which `read` finds something. */
function firstFound<T>(pages: readonly PageLayout[], read: (p: PageLayout) => T | null): T | null {
  for (const page of pages) {
    const value = read(page);
    if (value !== null) return value;
  }
  return null;
}

/** Reads every field of the invoice from the page layout, still as printed. */
export function draftFromLayout(pages: readonly PageLayout[]): InvoiceDraft {
  if (pages.every((p) => p.runs.length === 0)) {
    throw new InvoiceParseError('PDF_NO_TEXT', 'the PDF has no text layer (a scan or image); it cannot be read exactly');
  }
  const main = invoicePage(pages);
  if (!main) throw new InvoiceParseError('NOT_AN_INVOICE', 'the PDF does not look like a VAT invoice (no 发票号码)');
  // Header, parties and footer live on the invoice page; the totals of an invoice running over
  // several pages may be printed on a later one.
  const ordered = [main, ...pages.filter((p) => p !== main)];
  const tables = new Map(pages.map((p) => [p, findItemTable(p)] as const));
  const totals = ordered.map((p) => readTotals(p, tables.get(p)?.columns ?? []));
  const pick = <K extends keyof (typeof totals)[number]>(key: K) => totals.find((t) => t[key] !== null)?.[key] ?? null;
  const parties = readParties(main);
  const title = readTitle(main);
  return {
    title,
    kind: kindFromTitle(title) ?? kindFromText(pages),
    invoiceCode: labelledDigits(main, 'invoiceCode'),
    invoiceNumber: labelledDigits(main, 'invoiceNumber'),
    issueDate: labelledValue(main, 'issueDate'),
    checkCode: labelledDigits(main, 'checkCode'),
    buyer: parties.buyer,
    seller: parties.seller,
    items: readItems(pages.map((p) => tables.get(p) ?? null)),
    totalAmount: pick('totalAmount'),
    totalTax: pick('totalTax'),
    totalWithTax: pick('totalWithTax'),
    totalWithTaxChinese: pick('totalWithTaxChinese'),
    // Red invoices show negative totals; legacy ones also print 销项负数.
    isRed: pages.some(hasNegativeMark) ? true : null,
    // 备注 is the box under 价税合计; a 销货清单 page's own 备注 is not the invoice's.
    remarks: firstFound(ordered.filter((p) => p.labelsOf('totalWords').length > 0), readRemarks),
    issuer: labelledValue(main, 'issuer'),
    pages: pages.length,
  };
}

/** A reader must not hand over half an invoice: these are on every genuine invoice. */
function requireComplete(fields: InvoiceFields): InvoiceFields {
  const missing: string[] = [];
  if (fields.items.length === 0) missing.push('items (货物或应税劳务、服务)');
  if (fields.seller.name === null) missing.push('seller name (销售方名称)');
  if (fields.seller.taxId === null) missing.push('seller tax id (销售方纳税人识别号)');
  if (fields.buyer.name === null) missing.push('buyer name (购买方名称)');
  if (missing.length > 0) {
    throw new InvoiceParseError('MISSING_FIELD', `the invoice's ${missing.join(', ')} could not be read`);
  }
  return fields;
}

/**
 * Parses a VAT e-invoice PDF (legacy 税控 or 数电) into its fields. Throws InvoiceParseError for a
 * file that is not a readable invoice: not a PDF, encrypted, without a text layer, not an
 * invoice, or with fields that cannot all be read.
 */
export async function parsePdfInvoice(bytes: Uint8Array): Promise<InvoiceFields> {
  const { pages } = await readPdfText(bytes);
  const layouts = pages.map((p) => new PageLayout(p));
  return requireComplete(assembleFields(draftFromLayout(layouts)));
}
