/**
 * A 数电 invoice as the tax bureau's XML issue format (<EInvoice>), laid out as real files are:
 * labels in the header, parties, totals, one IssuItemInformation per line, the reversed invoice
 * in SpecificInformation/RedEInvoice, the issue date in TaxSupervisionInfo.
 */
import { formatYuan } from '../../../src/domain/money.js';
import type { DocLine, InvoiceDoc } from '../model.js';
import { issuingRegion } from '../regions.js';
import { escapeXml } from './xml-text.js';

/** An element per field, skipping absent ones (real files omit SpecMod and the like when empty). */
function block(name: string, fields: [string, string | null][], depth: number): string {
  const pad = '    '.repeat(depth);
  const inner = fields
    .filter((f): f is [string, string] => f[1] !== null)
    .map(([k, v]) => `${pad}    <${k}>${escapeXml(v)}</${k}>\n`)
    .join('');
  return `${pad}<${name}>\n${inner}${pad}</${name}>\n`;
}

const label = (type: string, code: string, name: string) =>
  block('Label', [['LabelType', type], ['LabelCode', code], ['LabelName', name]], 3);

/** Tax classification codes (税收分类编码) of the services and goods the catalogue holds. */
function classification(line: DocLine): string {
  if (line.rate.key === '13%') return '1090511030000000000';
  if (line.rate.key === '免税') return '3040101000000000000';
  return line.name.startsWith('*电信服务*') ? '3010201000000000000' : '3040203000000000000';
}

const item = (line: DocLine) =>
  block('IssuItemInformation', [
    ['ItemName', line.name], ['SpecMod', line.spec], ['MeaUnits', line.unit], ['Quantity', line.quantity],
    ['UnPrice', line.unitPrice], ['Amount', formatYuan(line.amount)], ['TaxRate', line.rate.xml],
    ['ComTaxAm', line.tax === null ? '*' : formatYuan(line.tax)],
    ['TotaltaxIncludedAmount', formatYuan(line.amount + (line.tax ?? 0))], ['TaxClassificationCode', classification(line)],
  ], 2);

/** A plausible request time on the issue day, fixed by the invoice number. */
function requestTime(doc: InvoiceDoc): string {
  const n = Number(doc.number.slice(-6));
  const two = (v: number) => String(v).padStart(2, '0');
  return `${doc.issueDate} ${two(9 + (n % 9))}:${two(Math.floor(n / 9) % 60)}:${two(Math.floor(n / 540) % 60)}`;
}

function header(doc: InvoiceDoc, tag: string): string {
  const special = doc.kind === 'special';
  const inherent =
    block('InIssuType', [['LabelCode', doc.red ? 'N' : 'Y'], ['LabelName', '是否蓝字发票标志']], 3) +
    block('EInvoiceType', [['LabelCode', '01'], ['LabelName', '电子发票']], 3) +
    block('GeneralOrSpecialVAT', [['LabelCode', special ? '01' : '02'], ['LabelName', special ? '增值税专用发票' : '普通发票']], 3) +
    block('TaxpayerType', [['LabelCode', '1'], ['LabelName', '一般纳税人']], 3);
  const exempt = doc.lines.some((l) => l.tax === null);
  const undefinedLabels = label('发票开具方式标签', '1', '网页开票') + (exempt ? label('特定征税方式标签', '02', '免税') : '');
  return (
    `    <Header>\n        <EIid>${doc.number}</EIid>\n        <EInvoiceTag>${tag}</EInvoiceTag>\n        <Version>0.37</Version>\n` +
    `        <InherentLabel>\n${inherent}        </InherentLabel>\n        <UndefinedLabel>\n${undefinedLabels}        </UndefinedLabel>\n    </Header>\n`
  );
}

function data(doc: InvoiceDoc): string {
  const { seller: s, buyer: b, red } = doc;
  const specific = red
    ? `        <SpecificInformation>\n${block('RedEInvoice', [['OriginalInvoiceCode', red.originalNumber], ['CreditNoteNumber', red.confirmation]], 3)}        </SpecificInformation>\n`
    : '        <SpecificInformation/>\n';
  const additional =
    doc.remarks.length > 0 ? block('AdditionalInformation', [['Remark', doc.remarks.join(' ')]], 2) : '        <AdditionalInformation/>\n';
  return (
    '    <EInvoiceData>\n' +
    block('SellerInformation', [['SellerIdNum', s.taxId], ['SellerName', s.name], ['SellerAddr', s.address], ['SellerTelNum', s.phone], ['SellerBankName', s.bank], ['SellerBankAccNum', s.account]], 2) +
    block('BuyerInformation', [['BuyerIdNum', b.taxId], ['BuyerName', b.name], ['BuyerTelNum', b.phone], ['BuyerAddr', b.address], ['BuyerBankName', b.bank], ['BuyerBankAccNum', b.account]], 2) +
    block('BasicInformation', [
      ['TotalAmWithoutTax', formatYuan(doc.net)], ['TotalTaxAm', formatYuan(doc.tax)], ['TotalTax-includedAmount', formatYuan(doc.gross)],
      ['TotalTax-includedAmountInChinese', (red ? '（负数）' : '') + doc.words], ['Drawer', doc.issuer], ['RequestTime', requestTime(doc)],
    ], 2) +
    doc.lines.map(item).join('') +
    specific +
    additional +
    '    </EInvoiceData>\n'
  );
}

export function renderXml(doc: InvoiceDoc): Uint8Array {
  const region = issuingRegion(doc.seller.taxId);
  const xml =
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<EInvoice>\n' +
    header(doc, `SWEI${region.codeRegion}`) +
    data(doc) +
    '    <SellerAuthentication>\n        <AuthenticationMethods>01</AuthenticationMethods>\n    </SellerAuthentication>\n' +
    block('TaxSupervisionInfo', [['InvoiceNumber', doc.number], ['IssueTime', doc.issueDate], ['TaxBureauCode', region.bureauCode], ['TaxBureauName', region.bureauName]], 1) +
    '</EInvoice>\n';
  return new TextEncoder().encode(xml);
}
