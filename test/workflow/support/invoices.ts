import { toChineseAmount } from '../../../src/domain/chinese-amount.js';
import { formatYuan } from '../../../src/domain/money.js';

export interface InvoiceSpec {
  /** 20-digit 数电 number. */
  number: string;
  issueDate: string;
  buyer: { taxId: string; name: string };
  seller: { taxId: string; name: string };
  /** Amount before VAT in fen, a multiple of 50 so the 6% tax is exact. */
  net: number;
  /** For a red invoice: the number of the blue invoice it reverses. */
  reverses?: string;
}

/**
 * A 数电 XML invoice for intelligent compute with the given amounts: the real parser reads it in the
 * upload job exactly as it reads the tax bureau's files.
 */
export function computeInvoiceXml(spec: InvoiceSpec): Uint8Array {
  if (spec.net % 50 !== 0) throw new Error('net must be a multiple of 50 fen');
  const red = spec.reverses !== undefined;
  const sign = red ? -1 : 1;
  const net = sign * spec.net;
  const tax = (net * 6) / 100;
  const gross = net + tax;
  const words = `${red ? '（负数）' : ''}${toChineseAmount(Math.abs(gross))}`;
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<EInvoice>
  <Header><EIid>${spec.number}</EIid>
    <InherentLabel>
      <InIssuType><LabelCode>${red ? 'N' : 'Y'}</LabelCode><LabelName>是否蓝字发票标志</LabelName></InIssuType>
      <EInvoiceType><LabelCode>01</LabelCode><LabelName>电子发票</LabelName></EInvoiceType>
      <GeneralOrSpecialVAT><LabelCode>01</LabelCode><LabelName>增值税专用发票</LabelName></GeneralOrSpecialVAT>
    </InherentLabel>
    <UndefinedLabel></UndefinedLabel>
  </Header>
  <EInvoiceData>
    <SellerInformation><SellerIdNum>${spec.seller.taxId}</SellerIdNum><SellerName>${spec.seller.name}</SellerName></SellerInformation>
    <BuyerInformation><BuyerIdNum>${spec.buyer.taxId}</BuyerIdNum><BuyerName>${spec.buyer.name}</BuyerName></BuyerInformation>
    <BasicInformation>
      <TotalAmWithoutTax>${formatYuan(net)}</TotalAmWithoutTax><TotalTaxAm>${formatYuan(tax)}</TotalTaxAm>
      <TotalTax-includedAmount>${formatYuan(gross)}</TotalTax-includedAmount>
      <TotalTax-includedAmountInChinese>${words}</TotalTax-includedAmountInChinese>
      <Drawer>陈某</Drawer><RequestTime>${spec.issueDate} 08:00:00</RequestTime>
    </BasicInformation>
    <IssuItemInformation><ItemName>*信息技术服务*GPU算力服务</ItemName><SpecMod>H800</SpecMod><MeaUnits>卡时</MeaUnits>
      <Quantity>${sign}</Quantity><UnPrice>${formatYuan(spec.net)}</UnPrice><Amount>${formatYuan(net)}</Amount>
      <TaxRate>0.060000</TaxRate><ComTaxAm>${formatYuan(tax)}</ComTaxAm></IssuItemInformation>
    <SpecificInformation>${red ? `<RedEInvoice><OriginalInvoiceCode>${spec.reverses}</OriginalInvoiceCode></RedEInvoice>` : ''}</SpecificInformation>
    <AdditionalInformation><Remark>${red ? `被红冲蓝字数电发票号码：${spec.reverses}` : ''}</Remark></AdditionalInformation>
  </EInvoiceData>
  <TaxSupervisionInfo><InvoiceNumber>${spec.number}</InvoiceNumber><IssueTime>${spec.issueDate}</IssueTime></TaxSupervisionInfo>
</EInvoice>`;
  return new TextEncoder().encode(xml);
}
