import {
  amountFen,
  isAsteriskText,
  isPercentRate,
  normalizeAmount,
  normalizeTaxId,
  parseInvoiceDate,
  sameDecimal,
  type InvoiceDraft,
  type ItemDraft,
} from '../common/index.js';

/**
 * An OFD can say the same thing several times: the invoice attachment, custom tags, OFD.xml
 * CustomDatas and the printed page. Sources are ranked (structured data first, layout last);
 * each field takes the first source whose value is well-formed for that field.
 */
type Check = (value: string) => boolean;

const digits = (min: number, max: number): Check => (v) => new RegExp(`^\\d{${min},${max}}$`, 'u').test(v.replace(/\s+/gu, ''));
const amount: Check = (v) => normalizeAmount(v) !== null;
const amountOrStars: Check = (v) => amount(v) || isAsteriskText(v);
const anyText: Check = (v) => v.trim() !== '';

const SCALAR_CHECKS: Partial<Record<keyof InvoiceDraft, Check>> = {
  invoiceCode: digits(10, 12),
  invoiceNumber: digits(8, 20),
  issueDate: (v) => parseInvoiceDate(v) !== null,
  checkCode: digits(20, 20),
  totalAmount: amount,
  totalTax: amountOrStars,
  totalWithTax: amount,
  totalWithTaxChinese: anyText,
  originalInvoiceCode: digits(10, 12),
  originalInvoiceNumber: digits(8, 20),
  remarks: anyText,
  issuer: anyText,
  title: anyText,
};

const first = (values: (string | null | undefined)[], check: Check): string | null =>
  values.find((v): v is string => typeof v === 'string' && check(v)) ?? null;

export function mergeDrafts(sources: InvoiceDraft[]): InvoiceDraft {
  const out: InvoiceDraft = {};
  for (const [key, check] of Object.entries(SCALAR_CHECKS) as [keyof InvoiceDraft, Check][]) {
    (out as Record<string, unknown>)[key] = first(
      sources.map((s) => s[key] as string | null | undefined),
      check,
    );
  }
  for (const side of ['buyer', 'seller'] as const) {
    out[side] = {
      name: first(sources.map((s) => s[side]?.name), anyText),
      taxId: first(sources.map((s) => s[side]?.taxId), (v) => normalizeTaxId(v) !== null),
    };
  }
  return out;
}

/** Equal amounts line by line: the same items, read twice. */
function sameLines(a: ItemDraft[], b: ItemDraft[]): boolean {
  return a.length === b.length && a.every((item, i) => amountFen(item.amount) === amountFen(b[i]?.amount));
}

function samePrintedRate(structured: string | null | undefined, printed: string | null | undefined): boolean {
  if (!structured || !printed) return false;
  if (isPercentRate(structured) && isPercentRate(printed)) {
    return sameDecimal(structured.replace(/[%％]/gu, ''), printed.replace(/[%％]/gu, ''));
  }
  return structured.trim() === printed.trim();
}

/**
 * Items: structured lines when the file has them, with quantity, price and rate taken as
 * printed where the page shows the same value ('1.00000000' vs '1'); otherwise the page's
 * table, otherwise the tagged objects. When page and tags disagree, the one adding up to the
 * net total wins.
 */
export function chooseItems(
  structured: ItemDraft[] | undefined,
  printed: ItemDraft[] | undefined,
  tagged: ItemDraft[] | undefined,
  totalAmount: string | null | undefined,
): ItemDraft[] {
  const page = printed ?? [];
  if (structured && structured.length > 0) {
    if (!sameLines(structured, page)) return structured;
    return structured.map((item, i) => {
      const p = page[i]!;
      return {
        ...item,
        quantity: sameDecimal(item.quantity, p.quantity) ? p.quantity : item.quantity,
        unitPrice: sameDecimal(item.unitPrice, p.unitPrice) ? p.unitPrice : item.unitPrice,
        taxRate: samePrintedRate(item.taxRate, p.taxRate) ? p.taxRate : item.taxRate,
      };
    });
  }
  const tags = tagged ?? [];
  if (page.length === 0) return tags;
  if (tags.length === 0 || sameLines(page, tags)) return page;
  const total = amountFen(totalAmount);
  const sum = (items: ItemDraft[]) => items.reduce((acc, it) => acc + (amountFen(it.amount) ?? 0), 0);
  return total !== null && sum(tags) === total && sum(page) !== total ? tags : page;
}
