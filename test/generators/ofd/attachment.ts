/**
 * Doc_0/Attachs/original_invoice.xml of a legacy OFD: the whole invoice as structured data
 * (namespace http://www.edrm.org.cn/schema/e-invoice/2019), element order as real files have it,
 * the root element itself unprefixed. The QR payload (GraphCode) carries the net amount.
 */
import { formatYuan } from '../../../src/domain/money.js';
import { chineseDate, type InvoiceDoc } from '../model.js';
import { escapeXml } from '../render/xml-text.js';
import { EINVOICE_NS } from './tags.js';

const fp = (name: string, value: string | null | undefined) => `<fp:${name}>${escapeXml(value ?? '')}</fp:${name}>`;

/** 01,<kind>,<code>,<number>,<net>,<YYYYMMDD>,<check code>,<crc>: kind 10 电子普票, 08 电子专票. */
export function graphCode(doc: InvoiceDoc): string {
  const crc = doc.number.split('').reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 65_536, 7).toString(16).toUpperCase().padStart(4, '0');
  return ['01', doc.kind === 'special' ? '08' : '10', doc.code, doc.number, formatYuan(doc.net), doc.issueDate.replaceAll('-', ''), doc.checkCode, crc].join(',');
}

export function originalInvoiceXml(doc: InvoiceDoc): string {
  const goods = doc.lines
    .map(
      (l) =>
        `<fp:GoodsInfo>${fp('Item', l.name)}${fp('Specification', l.spec)}${fp('MeasurementDimension', l.unit)}` +
        `${fp('Price', l.unitPrice)}${fp('Quantity', l.quantity)}${fp('Amount', formatYuan(l.amount))}` +
        `${fp('TaxScheme', l.rate.key)}${fp('TaxAmount', l.tax === null ? '***' : formatYuan(l.tax))}</fp:GoodsInfo>`,
    )
    .join('');
  const { buyer, seller } = doc;
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<eInvoice xmlns:fp="${EINVOICE_NS}" Version="1.0">` +
    fp('DocID', `${doc.code}_${doc.number}`) + fp('InvoiceCode', doc.code) + fp('InvoiceNo', doc.number) + fp('TypeCode', '0') +
    fp('IssueDate', chineseDate(doc.issueDate)) + fp('InvoiceCheckCode', doc.checkCode) + fp('MachineNo', doc.machineNumber) +
    fp('TaxControlCode', (doc.cipher ?? []).join('\n')) +
    `<fp:Buyer>${fp('BuyerName', buyer.name)}${fp('BuyerTaxID', buyer.taxId)}${fp('BuyerAddrTel', `${buyer.address} ${buyer.phone}`)}` +
    `${fp('BuyerFinancialAccount', `${buyer.bank} ${buyer.account}`)}</fp:Buyer>${fp('Tpvn', '')}` +
    `<fp:Seller>${fp('SellerName', seller.name)}${fp('SellerTaxID', seller.taxId)}${fp('SellerAddrTel', `${seller.address} ${seller.phone}`)}` +
    `${fp('SellerFinancialAccount', `${seller.bank} ${seller.account}`)}${fp('Issuea1', '')}${fp('Issuea2', '')}</fp:Seller>` +
    fp('TaxInclusiveTotalAmount', formatYuan(doc.gross)) + fp('Note', doc.remarks.join(' ')) + fp('InvoiceClerk', doc.issuer) +
    fp('Payee', doc.payee) + fp('Checker', doc.reviewer) + fp('TaxTotalAmount', doc.allExempt ? '***' : formatYuan(doc.tax)) +
    fp('TaxExclusiveTotalAmount', formatYuan(doc.net)) + fp('GraphCode', graphCode(doc)) + fp('InvoiceSIA1', '') + fp('InvoiceSIA2', '') +
    `<fp:GoodsInfos>${goods}</fp:GoodsInfos></eInvoice>`
  );
}
