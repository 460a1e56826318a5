import { child, childrenNamed, textAt, type InvoiceDraft, type XmlElement } from '../common/index.js';
import type { OfdDocument } from './document.js';
import { folderOf, resolveLoc, type OfdPackage } from './package.js';

/**
 * Legacy e-invoice OFDs carry the invoice data as an attachment (original_invoice.xml, schema
 * http://www.edrm.org.cn/schema/e-invoice/2019). Any XML attachment whose root is <eInvoice>
 * with an InvoiceNo is read; other attachments (XBRL vouchers, images) are ignored.
 */
export function readAttachmentDraft(pkg: OfdPackage, doc: OfdDocument): InvoiceDraft | null {
  const list = pkg.readOptionalXml(doc.attachmentsPath);
  const base = doc.attachmentsPath ? folderOf(doc.attachmentsPath) : '';
  for (const att of childrenNamed(list ?? undefined, 'Attachment')) {
    const loc = textAt(att, 'FileLoc')?.trim();
    const path = loc ? resolveLoc(base, loc) : null;
    if (!path || !/\.xml$/iu.test(path)) continue;
    const root = pkg.readOptionalXml(path);
    if (root?.name === 'eInvoice' && textAt(root, 'InvoiceNo')?.trim()) return eInvoiceDraft(root);
  }
  return null;
}

const text = (el: XmlElement | undefined, ...path: string[]): string | null => {
  const value = textAt(el, ...path)?.trim();
  return value ? value : null;
};

function eInvoiceDraft(root: XmlElement): InvoiceDraft {
  const buyer = child(root, 'Buyer');
  const seller = child(root, 'Seller');
  return {
    invoiceCode: text(root, 'InvoiceCode'),
    invoiceNumber: text(root, 'InvoiceNo'),
    issueDate: text(root, 'IssueDate'),
    checkCode: text(root, 'InvoiceCheckCode'),
    buyer: { name: text(buyer, 'BuyerName'), taxId: text(buyer, 'BuyerTaxID') },
    seller: { name: text(seller, 'SellerName'), taxId: text(seller, 'SellerTaxID') },
    items: childrenNamed(child(root, 'GoodsInfos'), 'GoodsInfo').map((g) => ({
      name: text(g, 'Item'),
      spec: text(g, 'Specification'),
      unit: text(g, 'MeasurementDimension'),
      quantity: text(g, 'Quantity'),
      unitPrice: text(g, 'Price'),
      amount: text(g, 'Amount'),
      taxRate: text(g, 'TaxScheme'),
      tax: text(g, 'TaxAmount'),
    })),
    totalAmount: text(root, 'TaxExclusiveTotalAmount'),
    totalTax: text(root, 'TaxTotalAmount'),
    totalWithTax: text(root, 'TaxInclusiveTotalAmount'),
    totalWithTaxChinese: text(root, 'TaxInclusiveTotalAmountWithWords'),
    originalInvoiceCode: text(root, 'OriginalInvoiceCode'),
    originalInvoiceNumber: text(root, 'OriginalInvoiceNo'),
    remarks: text(root, 'Note'),
    issuer: text(root, 'InvoiceClerk'),
  };
}

/** OFD.xml CustomDatas as written by Suwell and others: a few header fields under Chinese names. */
export function customDataDraft(data: Map<string, string>): InvoiceDraft {
  const get = (name: string) => data.get(name)?.trim() || null;
  return {
    invoiceCode: get('发票代码'),
    invoiceNumber: get('发票号码'),
    issueDate: get('开票日期'),
    checkCode: get('校验码'),
    buyer: { taxId: get('购买方纳税人识别号') },
    seller: { taxId: get('销售方纳税人识别号') },
    totalAmount: get('合计金额'),
    totalTax: get('合计税额'),
    totalWithTax: get('价税合计'),
    issuer: get('开票人'),
  };
}
