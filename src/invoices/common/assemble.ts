import { formatYuan, parseYuanLoose } from '../../domain/money.js';
import { InvoiceFields, InvoiceParseError, type InvoiceItem } from '../fields.js';
import { isAsteriskText, normalizeAmount } from './amount.js';
import { cleanAmountWords } from './amount-words.js';
import { parseInvoiceDate } from './dates.js';
import { kindFromTitle, styleFromIdentifiers } from './kind.js';
import { parseRedInvoiceRemark } from './red-invoice.js';
import { normalizePrintedRate } from './tax-rate.js';
import { normalizeTaxId } from './tax-id.js';
import { normalizeOrNull } from './text.js';

/** One item line as read from a document, values still as printed. */
export interface ItemDraft {
  name?: string | null;
  spec?: string | null;
  unit?: string | null;
  quantity?: string | null;
  unitPrice?: string | null;
  amount?: string | null;
  taxRate?: string | null;
  tax?: string | null;
}

/** Everything a format-specific reader found, as printed; assembleFields turns it into the API form. */
export interface InvoiceDraft {
  style?: InvoiceFields['style'] | null;
  kind?: InvoiceFields['kind'] | null;
  title?: string | null;
  invoiceCode?: string | null;
  invoiceNumber?: string | null;
  issueDate?: string | null;
  checkCode?: string | null;
  buyer?: { name?: string | null; taxId?: string | null };
  seller?: { name?: string | null; taxId?: string | null };
  items?: ItemDraft[];
  totalAmount?: string | null;
  totalTax?: string | null;
  totalWithTax?: string | null;
  totalWithTaxChinese?: string | null;
  isRed?: boolean | null;
  /** Set when the document names the reversed invoice outside 备注; otherwise 备注 is read. */
  originalInvoiceNumber?: string | null;
  originalInvoiceCode?: string | null;
  remarks?: string | null;
  issuer?: string | null;
  pages?: number | null;
}

const digitsOnly = (text: string | null | undefined): string | null => {
  const out = (text ?? '').normalize('NFKC').replace(/\s+/gu, '');
  return /^\d+$/u.test(out) ? out : null;
};

export function assembleItem(item: ItemDraft): InvoiceItem | null {
  const name = normalizeOrNull(item.name);
  const amount = normalizeAmount(item.amount);
  if (name === null || amount === null) return null;
  return {
    name,
    spec: normalizeOrNull(item.spec),
    unit: normalizeOrNull(item.unit),
    quantity: normalizeOrNull(item.quantity)?.replace(/\s+/gu, '') ?? null,
    unitPrice: normalizeOrNull(item.unitPrice)?.replace(/\s+/gu, '') ?? null,
    amount,
    taxRate: normalizePrintedRate(item.taxRate),
    tax: isAsteriskText(item.tax) ? null : normalizeAmount(item.tax),
  };
}

function required<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) {
    throw new InvoiceParseError('MISSING_FIELD', `the invoice's ${what} could not be read`);
  }
  return value;
}

/** Fills derived fields (style, kind, red status, original invoice) and validates the result. */
export function assembleFields(draft: InvoiceDraft): InvoiceFields {
  const invoiceNumber = required(digitsOnly(draft.invoiceNumber), 'number (发票号码)');
  const invoiceCode = digitsOnly(draft.invoiceCode);
  const issueDate = required(parseInvoiceDate(draft.issueDate), 'issue date (开票日期)');
  const title = normalizeOrNull(draft.title);
  const totals = resolveTotals(draft);
  const isRed = draft.isRed ?? (parseYuanLoose(totals.totalWithTax) ?? 0) < 0;
  const remarks = normalizeOrNull(draft.remarks);
  const explicitNumber = digitsOnly(draft.originalInvoiceNumber);
  const original = !isRed
    ? null
    : explicitNumber !== null
      ? { originalInvoiceNumber: explicitNumber, originalInvoiceCode: digitsOnly(draft.originalInvoiceCode) }
      : parseRedInvoiceRemark(remarks);
  const style = draft.style ?? styleFromIdentifiers(invoiceCode, invoiceNumber);
  const items = (draft.items ?? []).map(assembleItem).filter((i): i is InvoiceItem => i !== null);
  const candidate = {
    style,
    kind: draft.kind ?? kindFromTitle(title) ?? 'ordinary',
    title,
    invoiceCode,
    invoiceNumber,
    issueDate,
    checkCode: digitsOnly(draft.checkCode),
    buyer: { name: normalizeOrNull(draft.buyer?.name), taxId: normalizeTaxId(draft.buyer?.taxId) },
    seller: { name: normalizeOrNull(draft.seller?.name), taxId: normalizeTaxId(draft.seller?.taxId) },
    items,
    ...totals,
    totalWithTaxChinese: cleanAmountWords(draft.totalWithTaxChinese),
    isRed,
    originalInvoiceNumber: original?.originalInvoiceNumber ?? null,
    originalInvoiceCode: original?.originalInvoiceCode ?? null,
    remarks,
    issuer: normalizeOrNull(draft.issuer),
    pages: draft.pages ?? null,
  };
  const parsed = InvoiceFields.safeParse(candidate);
  if (!parsed.success) {
    throw new InvoiceParseError('INVALID_FIELDS', `the invoice's fields are inconsistent: ${parsed.error.message}`);
  }
  return parsed.data;
}

/**
 * Net, tax and gross totals. Asterisks for tax mean zero tax (免税 / 不征税); when exactly one of
 * the three is missing it follows from the other two, in integer fen.
 */
function resolveTotals(draft: InvoiceDraft): Pick<InvoiceFields, 'totalAmount' | 'totalTax' | 'totalWithTax'> {
  const net = normalizeAmount(draft.totalAmount);
  const tax = isAsteriskText(draft.totalTax) ? '0.00' : normalizeAmount(draft.totalTax);
  const gross = normalizeAmount(draft.totalWithTax);
  const fen = (s: string) => parseYuanLoose(s) ?? 0;
  if (net !== null && tax !== null && gross !== null) return { totalAmount: net, totalTax: tax, totalWithTax: gross };
  if (net !== null && gross !== null) {
    return { totalAmount: net, totalTax: formatYuan(fen(gross) - fen(net)), totalWithTax: gross };
  }
  if (net !== null && tax !== null) {
    return { totalAmount: net, totalTax: tax, totalWithTax: formatYuan(fen(net) + fen(tax)) };
  }
  if (tax !== null && gross !== null) {
    return { totalAmount: formatYuan(fen(gross) - fen(tax)), totalTax: tax, totalWithTax: gross };
  }
  throw new InvoiceParseError('MISSING_FIELD', "the invoice's totals (合计 / 价税合计) could not be read");
}
