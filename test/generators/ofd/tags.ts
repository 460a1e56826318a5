/**
 * Custom tags: semantic names pointing at page objects by page ID and object ID. 数电 OFDs carry
 * `<ofd:root>` in Tags/CustomTag.xml (one element per field, item cells listed per column);
 * legacy OFDs carry `<fp:eInvoice>` in Tags/Tag_Invoice.xml with one GoodsInfo per item.
 */
import { OFD_NS } from './content.js';

export interface TagRef {
  name: string;
  item?: number;
  pageId: number;
  objectId: number;
}

export const EINVOICE_NS = 'http://www.edrm.org.cn/schema/e-invoice/2019';

const refsXml = (refs: TagRef[], prefix: string) =>
  refs.map((r) => `<${prefix}:ObjectRef PageRef="${r.pageId}">${r.objectId}</${prefix}:ObjectRef>`).join('');

function element(refs: TagRef[], prefix: string, name: string, filter: (r: TagRef) => boolean = () => true): string {
  const mine = refs.filter((r) => r.name === name && filter(r));
  return mine.length === 0 ? '' : `<${prefix}:${name}>${refsXml(mine, prefix)}</${prefix}:${name}>`;
}

const ITEM_COLUMNS = ['Item', 'Specification', 'MeasurementDimension', 'Quantity', 'Price', 'Amount', 'TaxScheme', 'TaxAmount'];

export function digitalTagsXml(refs: TagRef[]): string {
  const e = (name: string) => element(refs, 'ofd', name);
  // The drawer is tagged once per printed copy (one of them hidden), each in its own element.
  const clerks = refs.filter((r) => r.name === 'InvoiceClerk').map((r) => `<ofd:InvoiceClerk>${refsXml([r], 'ofd')}</ofd:InvoiceClerk>`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:root xmlns:ofd="${OFD_NS}" version="1.0">` +
    e('InvoiceNo') + e('IssueDate') +
    `<ofd:Buyer>${e('BuyerName')}${e('BuyerTaxID')}</ofd:Buyer><ofd:Seller>${e('SellerName')}${e('SellerTaxID')}</ofd:Seller>` +
    e('TaxExclusiveTotalAmount') + e('TaxTotalAmount') + e('TaxInclusiveTotalAmount') + clerks.join('') +
    ITEM_COLUMNS.map(e).join('') + e('Note') +
    '</ofd:root>'
  );
}

export function legacyTagsXml(refs: TagRef[], itemCount: number): string {
  const e = (name: string) => element(refs, 'fp', name);
  const goods = Array.from({ length: itemCount }, (_, i) => {
    const cells = ['ItemIndex', ...ITEM_COLUMNS].map((name) => element(refs, 'fp', name, (r) => r.item === i)).join('');
    return `<fp:GoodsInfo>${cells}</fp:GoodsInfo>`;
  }).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<fp:eInvoice xmlns:fp="${EINVOICE_NS}" version="1.0">` +
    e('InvoiceCode') +
    `<fp:Buyer>${e('BuyerName')}${e('BuyerTaxID')}</fp:Buyer>` +
    `<fp:Seller>${e('SellerName')}${e('SellerTaxID')}${e('SellerAddrTel')}${e('SellerFinancialAccount')}</fp:Seller>` +
    e('InvoiceNo') + e('MachineNo') + e('InvoiceClerk') + e('InvoiceCheckCode') + `<fp:Note>${refsXml(refs.filter((r) => r.name === 'Note'), 'fp')}</fp:Note>` +
    e('IssueDate') + e('TaxInclusiveTotalAmount') + e('TaxExclusiveTotalAmount') + e('TaxTotalAmount') + e('Payee') + e('Checker') +
    `<fp:GoodsInfos>${goods}</fp:GoodsInfos></fp:eInvoice>`
  );
}
