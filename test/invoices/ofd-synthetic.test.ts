import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compareFields } from '../../src/invoices/common/index.js';
import { parseOfdInvoice } from '../../src/invoices/ofd/index.js';

/**
 * A 数电 red invoice built as an OFD from scratch: labels in a template page, values in the
 * page, '¥' apart from its number, a name wrapped onto a second object, a hidden duplicate of
 * the drawer outside the page, and custom tags addressing the page by its ID.
 */
const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
let nextId = 100;

function text(x: number, y: number, value: string, size = 3.175): { id: number; xml: string } {
  const id = nextId++;
  return { id, xml: `<ofd:TextObject ID="${id}" Boundary="${x} ${y} 120 6" Font="1" Size="${size}"><ofd:TextCode X="0" Y="3.5">${value}</ofd:TextCode></ofd:TextObject>` };
}

/** A value right-aligned at xEnd, widths as a reader estimates them (digits half an em). */
function right(xEnd: number, y: number, value: string) {
  const width = [...value].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 3.175 : 1.5875), 0);
  return text(xEnd - width, y, value);
}

const labels = [
  text(56, 8, '电子发票（增值税专用发票）', 6), text(154, 11, '发票号码：'), text(154, 17, '开票日期：'),
  text(11, 33.5, '名称：'), text(111.5, 33.5, '名称：'),
  text(11, 44, '统一社会信用代码/纳税人识别号：', 2.8), text(111.5, 44, '统一社会信用代码/纳税人识别号：', 2.8),
  text(15.5, 53, '项目名称'), text(41.6, 53, '规格型号'), text(66.5, 53, '单 位'), text(92.5, 53, '数 量'),
  text(117.5, 53, '单 价'), text(143, 53, '金 额'), text(157, 53, '税率/征收率'), text(194, 53, '税 额'),
  text(20, 92, '合'), text(36, 92, '计'), text(16.4, 98.5, '价税合计（大写）'), text(143, 98.5, '（小写）'),
  text(5.5, 109, '备'), text(5.5, 115, '注'), text(19, 129.5, '开票人：'),
];

const v = {
  number: text(170, 10.3, '25312000000123456789'),
  date: text(170, 16.4, '2025年03月01日'),
  buyer: text(20, 33.8, '福建闽算智能科技有限公司'),
  buyerId: text(54, 43.3, '91350100MA2XXXXX1K'),
  seller: text(120, 33.8, '福州云智算力服务有限公司'),
  sellerId: text(154.5, 43.3, '91350102MA8YYYYY2L'),
  name1: text(4.5, 56, '*信息技术服务*GPU算力租赁服'),
  name1b: text(4.5, 60.5, '务'),
  unit1: text(67, 56, '小时'),
  qty1: right(102.5, 56, '-100'),
  price1: right(127.5, 56, '12.5'),
  amount1: right(153, 56, '-1250.00'),
  rate1: text(164.1, 56, '6%'),
  tax1: right(205.5, 56, '-75.00'),
  name2: text(4.5, 66, '*信息技术服务*存储服务'),
  spec2: text(42, 66, 'SSD-1TB'),
  unit2: text(67, 66, '月'),
  qty2: right(102.5, 66, '-1'),
  price2: right(127.5, 66, '100'),
  amount2: right(153, 66, '-100.00'),
  rate2: text(164.1, 66, '6%'),
  tax2: right(205.5, 66, '-6.00'),
  netYen: text(136, 91.2, '¥'),
  net: text(138.4, 91.2, '-1350.00'),
  taxYen: text(192, 91.2, '¥'),
  tax: text(194.4, 91.2, '-81.00'),
  words: text(62.9, 97.8, '（负数）壹仟肆佰叁拾壹圆整'),
  grossYen: text(155.5, 97.8, '¥'),
  gross: text(157.9, 97.8, '-1431.00'),
  note: text(11.1, 104.5, '被红冲蓝字数电发票号码：25312000000123456700   红字发票信息确认单编号：35010025030100001234'),
  clerk: text(32, 129.1, '林某'),
  hiddenClerk: text(32, 285.9, '林某'),
};

const content = (objects: { xml: string }[], template: boolean) =>
  `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${NS}><ofd:Area><ofd:PhysicalBox>0 0 210 140</ofd:PhysicalBox></ofd:Area>` +
  `${template ? '' : '<ofd:Template TemplateID="1" ZOrder="Background"/>'}<ofd:Content><ofd:Layer ID="9">` +
  `${objects.map((o) => o.xml).join('')}</ofd:Layer></ofd:Content></ofd:Page>`;

const ref = (...objs: { id: number }[]) => objs.map((o) => `<ofd:ObjectRef PageRef="7">${o.id}</ofd:ObjectRef>`).join('');

const customTag =
  `<?xml version="1.0" encoding="UTF-8"?><ofd:root ${NS}><ofd:InvoiceNo>${ref(v.number)}</ofd:InvoiceNo>` +
  `<ofd:IssueDate>${ref(v.date)}</ofd:IssueDate><ofd:Buyer><ofd:BuyerName>${ref(v.buyer)}</ofd:BuyerName>` +
  `<ofd:BuyerTaxID>${ref(v.buyerId)}</ofd:BuyerTaxID></ofd:Buyer><ofd:Seller><ofd:SellerName>${ref(v.seller)}</ofd:SellerName>` +
  `<ofd:SellerTaxID>${ref(v.sellerId)}</ofd:SellerTaxID></ofd:Seller>` +
  `<ofd:TaxExclusiveTotalAmount>${ref(v.netYen, v.net)}</ofd:TaxExclusiveTotalAmount>` +
  `<ofd:TaxTotalAmount>${ref(v.taxYen, v.tax)}</ofd:TaxTotalAmount>` +
  `<ofd:TaxInclusiveTotalAmount>${ref(v.grossYen, v.gross)}</ofd:TaxInclusiveTotalAmount>` +
  `<ofd:InvoiceClerk>${ref(v.clerk)}</ofd:InvoiceClerk><ofd:InvoiceClerk>${ref(v.hiddenClerk)}</ofd:InvoiceClerk>` +
  `<ofd:Item>${ref(v.name1, v.name1b, v.name2)}</ofd:Item><ofd:Amount>${ref(v.amount1, v.amount2)}</ofd:Amount>` +
  `<ofd:Note>${ref(v.note)}</ofd:Note></ofd:root>`;

function build(opts: { tags?: string | null; pageLoc?: string; pagePath?: string } = {}): Uint8Array {
  const pagePath = opts.pagePath ?? 'Doc_0/Pages/Page_0/Content.xml';
  const files: Zippable = {
    'OFD.xml': strToU8(`<?xml version="1.0"?><ofd:OFD ${NS} Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`),
    'Doc_0/Document.xml': strToU8(
      `<?xml version="1.0"?><ofd:Document ${NS}><ofd:CommonData><ofd:TemplatePage ID="1" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>` +
        `<ofd:Pages><ofd:Page ID="7" BaseLoc="${opts.pageLoc ?? 'Pages/Page_0/Content.xml'}"/></ofd:Pages>` +
        `${opts.tags === null ? '' : '<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>'}</ofd:Document>`,
    ),
    'Doc_0/Tpls/Tpl_0/Content.xml': strToU8(content(labels, true)),
    [pagePath]: strToU8(content(Object.values(v), false)),
  };
  if (opts.tags !== null) {
    files['Doc_0/Tags/CustomTags.xml'] = strToU8(`<?xml version="1.0"?><ofd:CustomTags ${NS}><ofd:CustomTag TypeID="root"><ofd:FileLoc>CustomTag.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>`);
    files['Doc_0/Tags/CustomTag.xml'] = strToU8(opts.tags ?? customTag);
  }
  return zipSync(files);
}

const expected = {
  style: 'digital', kind: 'special', title: '电子发票（增值税专用发票）', invoiceCode: null,
  invoiceNumber: '25312000000123456789', issueDate: '2025-03-01', checkCode: null,
  buyer: { name: '福建闽算智能科技有限公司', taxId: '91350100MA2XXXXX1K' },
  seller: { name: '福州云智算力服务有限公司', taxId: '91350102MA8YYYYY2L' },
  items: [
    { name: '*信息技术服务*GPU算力租赁服务', spec: null, unit: '小时', quantity: '-100', unitPrice: '12.5', amount: '-1250.00', taxRate: '6%', tax: '-75.00' },
    { name: '*信息技术服务*存储服务', spec: 'SSD-1TB', unit: '月', quantity: '-1', unitPrice: '100', amount: '-100.00', taxRate: '6%', tax: '-6.00' },
  ],
  totalAmount: '-1350.00', totalTax: '-81.00', totalWithTax: '-1431.00', totalWithTaxChinese: '壹仟肆佰叁拾壹圆整',
  isRed: true, originalInvoiceNumber: '25312000000123456700', originalInvoiceCode: null,
  remarks: '被红冲蓝字数电发票号码：25312000000123456700 红字发票信息确认单编号：35010025030100001234',
  issuer: '林某', pages: 1,
};

describe('synthetic 数电 red OFD', () => {
  it('reads every field through tags and layout', () => {
    expect(compareFields(expected, parseOfdInvoice(build()))).toEqual([]);
  });

  it('reads the same from the layout alone when the tag file is malformed', () => {
    const broken = `<?xml version="1.0"?><:root xmlns:=""><ofd:InvoiceNo><ofd:ObjectRef PageRef="7">${v.buyer.id}`;
    expect(compareFields(expected, parseOfdInvoice(build({ tags: broken })))).toEqual([]);
  });

  it('ignores tags that point at a page index instead of a page ID', () => {
    const byIndex = customTag.replaceAll('PageRef="7"', 'PageRef="0"');
    expect(compareFields(expected, parseOfdInvoice(build({ tags: byIndex })))).toEqual([]);
  });

  it('finds a page given by an absolute location in an oddly cased folder', () => {
    const ofd = build({ tags: null, pageLoc: '/Doc_0/PAGES/page_0/Content.xml', pagePath: 'Doc_0/Pages/Page_0/Content.xml' });
    expect(compareFields(expected, parseOfdInvoice(ofd))).toEqual([]);
  });

  it('prefers tagged values over what the layout would guess', () => {
    const lying = customTag.replace(`${v.buyer.id}</ofd:ObjectRef></ofd:BuyerName>`, `${v.seller.id}</ofd:ObjectRef></ofd:BuyerName>`);
    expect(parseOfdInvoice(build({ tags: lying })).buyer.name).toBe('福州云智算力服务有限公司');
  });
});
