/**
 * A generated invoice as an OFD, the way the tax systems' OFD producers lay it out: form labels in
 * a template page, values as text objects of the page (positions of the printed form converted
 * from points to millimetres), OFD.xml CustomDatas with the key fields, and the structured part
 * of each generation: 数电 Tags/CustomTag.xml, legacy Attachs/original_invoice.xml plus
 * Tags/Tag_Invoice.xml. 销货清单 pages follow the invoice page.
 */
import { formatYuan } from '../../../src/domain/money.js';
import { digitalSheet } from '../forms/digital-form.js';
import { legacySheets } from '../forms/legacy-form.js';
import type { SheetPage } from '../forms/sheet.js';
import { chineseDate, type InvoiceDoc } from '../model.js';
import { printedInvoice } from '../printed.js';
import { originalInvoiceXml } from './attachment.js';
import { FONTS, type TextObject } from './content.js';
import { writeOfd, type OfdPagePart, type OfdPackageSpec } from './package.js';
import { digitalTagsXml, legacyTagsXml, type TagRef } from './tags.js';

const MM_PER_PT = 25.4 / 72;
const mm = (pt: number) => Math.round(pt * MM_PER_PT * 1000) / 1000;

class Ids {
  private next = 10;
  take(): number {
    return this.next++;
  }
  get max(): number {
    return this.next - 1;
  }
}

function toPage(sheet: SheetPage, ids: Ids, refs: TagRef[]): OfdPagePart {
  const template: TextObject[] = [];
  const values: TextObject[] = [];
  const templateId = ids.take();
  const pageId = ids.take();
  for (const t of sheet.texts) {
    if (t.decor) continue;
    const ascii = /^[\x20-\x7e]+$/u.test(t.text);
    const font = t.role === 'label' ? FONTS.label : ascii ? FONTS.digits : FONTS.value;
    const obj = { id: ids.take(), text: t.text, x: mm(t.x), baseline: mm(t.y), size: mm(t.size ?? 9), font };
    if (t.role === 'label') template.push(obj);
    else {
      values.push(obj);
      if (t.tag) refs.push({ ...t.tag, pageId, objectId: obj.id });
    }
  }
  // Page boxes are whole millimetres, as producers declare them.
  const size = { width: Math.round(mm(sheet.width)), height: Math.round(mm(sheet.height)) };
  return { id: pageId, ...size, layerId: ids.take(), objects: values, template: { id: templateId, ...size, layerId: ids.take(), objects: template } };
}

/** Suwell's 数电 pages repeat the drawer in a hidden object below the page; the tag names both. */
function hiddenClerk(doc: InvoiceDoc, page: OfdPagePart, ids: Ids, refs: TagRef[]): void {
  const id = ids.take();
  page.objects.push({ id, text: doc.issuer, x: 32.1, baseline: page.height * 2 + 6, size: 3.5278, font: FONTS.value });
  refs.push({ name: 'InvoiceClerk', pageId: page.id, objectId: id });
}

function customDatas(doc: InvoiceDoc): [string, string][] {
  if (doc.generation === 'digital') {
    return [
      ['template-version', '1.0.20.0422'], ['发票号码', doc.number], ['销售方纳税人识别号', doc.seller.taxId], ['合计金额', formatYuan(doc.net)],
      ['购买方纳税人识别号', doc.buyer.taxId], ['合计税额', formatYuan(doc.tax)], ['开票日期', chineseDate(doc.issueDate)],
    ];
  }
  return [
    ['价税合计', formatYuan(doc.gross)], ['发票代码', doc.code ?? ''], ['发票号码', doc.number], ['合计金额', formatYuan(doc.net)],
    ['开票日期', chineseDate(doc.issueDate)], ['校验码', doc.checkCode ?? ''], ['购买方名称', doc.buyer.name],
    ['销售方名称', doc.seller.name], ['销售方纳税人识别号', doc.seller.taxId],
  ];
}

export function renderOfd(doc: InvoiceDoc): Uint8Array {
  const printed = printedInvoice(doc, true);
  const digital = doc.generation === 'digital';
  const sheets = digital ? [digitalSheet(printed)] : legacySheets(printed);
  const ids = new Ids();
  const refs: TagRef[] = [];
  const pages = sheets.map((s) => toPage(s, ids, refs));
  if (digital) hiddenClerk(doc, pages[0]!, ids, refs);
  const spec: OfdPackageSpec = {
    docId: digital ? doc.number : `${doc.code}_${doc.number}`,
    creator: digital ? 'Suwell' : 'Huhuang Software',
    creationDate: doc.issueDate,
    customDatas: customDatas(doc),
    pages,
    maxUnitId: ids.max,
    bom: !digital,
    customTags: digital
      ? [{ typeId: 'root', file: 'CustomTag.xml', xml: digitalTagsXml(refs) }]
      : [{ typeId: '', file: 'Tag_Invoice.xml', xml: legacyTagsXml(refs, doc.lines.length) }],
    ...(digital ? {} : { attachments: [{ id: ids.take(), name: 'original_invoice', file: 'original_invoice.xml', xml: originalInvoiceXml(doc) }] }),
  };
  return writeOfd({ ...spec, maxUnitId: ids.max });
}
