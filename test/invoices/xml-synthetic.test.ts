import { describe, expect, it } from 'vitest';
import { parseXmlInvoice } from '../../src/invoices/xml/index.js';

/** 数电 XML variants the fixtures do not show: red invoices, 免税 lines, encodings, namespaces. */
function einvoice(opts: { red?: boolean; rate?: string; tax?: string; label?: string; remark?: string; root?: string } = {}) {
  const sign = opts.red ? '-' : '';
  const root = opts.root ?? '<EInvoice>';
  return `<?xml version="1.0" encoding="utf-8"?>
${root}
  <Header><EIid>25352000000011112222</EIid>
    <InherentLabel>
      <InIssuType><LabelCode>${opts.red ? 'N' : 'Y'}</LabelCode><LabelName>是否蓝字发票标志</LabelName></InIssuType>
      <EInvoiceType><LabelCode>01</LabelCode><LabelName>电子发票</LabelName></EInvoiceType>
      <GeneralOrSpecialVAT><LabelCode>01</LabelCode><LabelName>增值税专用发票</LabelName></GeneralOrSpecialVAT>
    </InherentLabel>
    <UndefinedLabel>${opts.label ? `<Label><LabelType>特定征税方式标签</LabelType><LabelCode>02</LabelCode><LabelName>${opts.label}</LabelName></Label>` : ''}</UndefinedLabel>
  </Header>
  <EInvoiceData>
    <SellerInformation><SellerIdNum>91350100MA8XXXXX1A</SellerIdNum><SellerName>福州算力有限公司</SellerName></SellerInformation>
    <BuyerInformation><BuyerIdNum>91350200MA8YYYYY2B</BuyerIdNum><BuyerName>厦门模型科技有限公司</BuyerName></BuyerInformation>
    <BasicInformation>
      <TotalAmWithoutTax>${sign}1000.00</TotalAmWithoutTax><TotalTaxAm>${opts.tax === '*' ? '0.00' : `${sign}60.00`}</TotalTaxAm>
      <TotalTax-includedAmount>${sign}${opts.tax === '*' ? '1000.00' : '1060.00'}</TotalTax-includedAmount>
      <TotalTax-includedAmountInChinese>${opts.red ? '（负数）' : ''}壹仟零陆拾圆整</TotalTax-includedAmountInChinese>
      <Drawer>陈某</Drawer><RequestTime>2025-03-02 08:00:00</RequestTime>
    </BasicInformation>
    <IssuItemInformation><ItemName>*信息技术服务*GPU算力服务</ItemName><SpecMod>A100 &amp; H800</SpecMod><MeaUnits>小时</MeaUnits>
      <Quantity>${sign}10</Quantity><UnPrice>100</UnPrice><Amount>${sign}1000.00</Amount>
      <TaxRate>${opts.rate ?? '0.060000'}</TaxRate><ComTaxAm>${opts.tax ?? `${sign}60.00`}</ComTaxAm></IssuItemInformation>
    <SpecificInformation>${opts.red ? '<RedEInvoice><OriginalInvoiceCode>25352000000011110000</OriginalInvoiceCode><CreditNoteNumber>35010025030200000001</CreditNoteNumber></RedEInvoice>' : ''}</SpecificInformation>
    <AdditionalInformation><Remark>${opts.remark ?? ''}</Remark></AdditionalInformation>
  </EInvoiceData>
  <TaxSupervisionInfo><InvoiceNumber>25352000000011112222</InvoiceNumber><IssueTime>2025-03-01</IssueTime></TaxSupervisionInfo>
${root.replace('<', '</').replace(/\s.*>/u, '>')}`;
}

const bytes = (s: string) => new TextEncoder().encode(s);

describe('数电 XML variants', () => {
  it('reads a blue invoice with a full-precision rate and an escaped spec', () => {
    const f = parseXmlInvoice(bytes(einvoice()));
    expect(f).toMatchObject({ style: 'digital', kind: 'special', title: '电子发票(增值税专用发票)', isRed: false, pages: null });
    expect(f.issueDate).toBe('2025-03-01');
    expect(f.items[0]).toMatchObject({ spec: 'A100 & H800', taxRate: '6%', tax: '60.00', quantity: '10' });
    expect(f.remarks).toBeNull();
  });

  it('reads a red invoice and the invoice it reverses', () => {
    const f = parseXmlInvoice(bytes(einvoice({ red: true, remark: '被红冲蓝字数电票号码：25352000000011110000 红字发票信息确认单编号：35010025030200000001' })));
    expect(f).toMatchObject({
      isRed: true,
      totalAmount: '-1000.00',
      totalWithTax: '-1060.00',
      totalWithTaxChinese: '壹仟零陆拾圆整',
      originalInvoiceNumber: '25352000000011110000',
      originalInvoiceCode: null,
    });
  });

  it('names asterisk rates after the special-taxation label', () => {
    const f = parseXmlInvoice(bytes(einvoice({ rate: '*', tax: '*', label: '免税' })));
    expect(f.items[0]).toMatchObject({ taxRate: '免税', tax: null });
    expect(f.totalTax).toBe('0.00');
    const margin = parseXmlInvoice(bytes(einvoice({ rate: '*', tax: '*' })));
    expect(margin.items[0]?.taxRate).toBe('***');
  });

  it('accepts a default namespace on the root', () => {
    const f = parseXmlInvoice(bytes(einvoice({ root: '<EInvoice xmlns="urn:example:einvoice">' })));
    expect(f.invoiceNumber).toBe('25352000000011112222');
  });

  it('reads a file with a byte-order mark', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(einvoice())]);
    expect(parseXmlInvoice(withBom).invoiceNumber).toBe('25352000000011112222');
  });

  it('fails with a coded error on invalid UTF-8', () => {
    const broken = new Uint8Array([...bytes(einvoice()).subarray(0, 200), 0xff, 0xfe, 0xfd]);
    expect(() => parseXmlInvoice(broken)).toThrow(expect.objectContaining({ code: 'BAD_ENCODING' }));
  });
});
