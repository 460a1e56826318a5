import { fractionToPercent, isAsteriskText, type InvoiceDraft, type ItemDraft } from '../common/index.js';
import { child, childrenNamed, pathOf, textAt, type XmlElement } from '../common/safe-xml.js';

/**
 * Maps a 数电 `<EInvoice>` document (the tax bureau's XML issue format) to a draft. The XML has no
 * printed title or page count: the title is composed as the PDF rendition prints it, pages stay null.
 */
export function einvoiceToDraft(root: XmlElement): InvoiceDraft {
  const header = child(root, 'Header');
  const data = child(root, 'EInvoiceData');
  const basic = child(data, 'BasicInformation');
  const seller = child(data, 'SellerInformation');
  const buyer = child(data, 'BuyerInformation');
  const supervision = child(root, 'TaxSupervisionInfo');
  const labels = child(header, 'InherentLabel');
  const specialTaxation = specialTaxationLabel(header);

  return {
    style: 'digital',
    kind: kindFromLabel(labels),
    title: titleFromLabels(labels),
    invoiceCode: null,
    invoiceNumber: firstText(textAt(supervision, 'InvoiceNumber'), textAt(header, 'EIid')),
    // IssueTime is the issue date; RequestTime is only when the request reached the platform.
    issueDate: firstText(textAt(supervision, 'IssueTime'), textAt(basic, 'RequestTime')),
    checkCode: null,
    buyer: { name: textAt(buyer, 'BuyerName') ?? null, taxId: textAt(buyer, 'BuyerIdNum') ?? null },
    seller: { name: textAt(seller, 'SellerName') ?? null, taxId: textAt(seller, 'SellerIdNum') ?? null },
    items: childrenNamed(data, 'IssuItemInformation').map((item) => itemDraft(item, specialTaxation)),
    totalAmount: textAt(basic, 'TotalAmWithoutTax') ?? null,
    totalTax: textAt(basic, 'TotalTaxAm') ?? null,
    totalWithTax: textAt(basic, 'TotalTax-includedAmount') ?? null,
    totalWithTaxChinese: textAt(basic, 'TotalTax-includedAmountInChinese') ?? null,
    isRed: isRedFromLabel(labels),
    ...originalInvoice(child(data, 'SpecificInformation')),
    remarks: textAt(data, 'AdditionalInformation', 'Remark') ?? null,
    issuer: textAt(basic, 'Drawer') ?? null,
    pages: null,
  };
}

function firstText(...values: (string | undefined)[]): string | null {
  for (const v of values) if (v !== undefined && v.trim() !== '') return v;
  return null;
}

function itemDraft(item: XmlElement, specialTaxation: string | null): ItemDraft {
  return {
    name: textAt(item, 'ItemName') ?? null,
    spec: textAt(item, 'SpecMod') ?? null,
    unit: textAt(item, 'MeaUnits') ?? null,
    quantity: textAt(item, 'Quantity') ?? null,
    unitPrice: textAt(item, 'UnPrice') ?? null,
    amount: textAt(item, 'Amount') ?? null,
    taxRate: printedRate(textAt(item, 'TaxRate'), specialTaxation),
    tax: textAt(item, 'ComTaxAm') ?? null,
  };
}

/**
 * The rate as a PDF prints it: fractions become percentages; asterisks stand for a special
 * taxation (免税 / 不征税, named by the header label) or, failing that, are printed as '***'.
 */
function printedRate(raw: string | undefined, specialTaxation: string | null): string | null {
  const text = raw?.trim();
  if (!text) return null;
  const percent = fractionToPercent(text);
  if (percent !== null) return percent;
  if (isAsteriskText(text)) return specialTaxation ?? '***';
  return text;
}

/** '免税' or '不征税' when the header's 特定征税方式 label says so. */
function specialTaxationLabel(header: XmlElement | undefined): string | null {
  for (const label of childrenNamed(child(header, 'UndefinedLabel'), 'Label')) {
    const name = textAt(label, 'LabelName')?.trim() ?? '';
    if (/特定征税/u.test(textAt(label, 'LabelType') ?? '') && /^(免税|不征税)$/u.test(name)) return name;
  }
  return null;
}

function titleFromLabels(labels: XmlElement | undefined): string | null {
  const type = textAt(labels, 'EInvoiceType', 'LabelName')?.trim();
  const vat = textAt(labels, 'GeneralOrSpecialVAT', 'LabelName')?.trim();
  if (!type) return null;
  return vat ? `${type}（${vat}）` : type;
}

function kindFromLabel(labels: XmlElement | undefined): InvoiceDraft['kind'] {
  const vat = pathOf(labels, 'GeneralOrSpecialVAT');
  const code = textAt(vat, 'LabelCode')?.trim();
  const name = textAt(vat, 'LabelName') ?? '';
  if (code === '01' || /专用/u.test(name)) return 'special';
  if (code === '02' || /普通/u.test(name)) return 'ordinary';
  return null;
}

/**
 * A red invoice names the reversed one in SpecificInformation/RedEInvoice. The element called
 * OriginalInvoiceCode holds the 20-digit number of a 数电 original; a legacy original has a
 * 10–12 digit code and an 8-digit number.
 */
function originalInvoice(specific: XmlElement | undefined): Pick<InvoiceDraft, 'originalInvoiceNumber' | 'originalInvoiceCode'> {
  const red = child(specific, 'RedEInvoice');
  const code = textAt(red, 'OriginalInvoiceCode')?.trim() ?? '';
  const number = textAt(red, 'OriginalInvoiceNumber')?.trim() || textAt(red, 'OriginalInvoiceNo')?.trim() || '';
  if (/^\d{20}$/u.test(code) && number === '') return { originalInvoiceNumber: code, originalInvoiceCode: null };
  if (number !== '') return { originalInvoiceNumber: number, originalInvoiceCode: /^\d{10,12}$/u.test(code) ? code : null };
  return {};
}

/** 是否蓝字发票标志: 'Y' blue, 'N' red; absent → decided from the amounts. */
function isRedFromLabel(labels: XmlElement | undefined): boolean | null {
  const code = textAt(labels, 'InIssuType', 'LabelCode')?.trim().toUpperCase();
  if (code === 'Y') return false;
  if (code === 'N') return true;
  return null;
}
