import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { DIGITAL_NAME_WIDTH, digitalSheet } from '../generators/forms/digital-form.js';
import { wrap, type Placed, type SheetPage } from '../generators/forms/sheet.js';
import type { SynthInvoice, SynthItem } from '../generators/forms/synth-invoice.js';

/**
 * 数电 invoices printed with a real embedded CJK font (Noto Sans SC, through pdfkit) in the layout
 * that once merged two cells: 数量 right-aligned against its column's right edge, 单价 left-aligned
 * against the same edge, one space between them ('149 88.96'). The rest of the form is the
 * generator's 数电 form; only where the two cells sit and how they are written changes.
 */
const require = createRequire(import.meta.url);
const FONT = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));

/** The edge between the 数量 and 单价 cells of the 数电 form (where a long unit price starts on real invoices). */
export const QTY_PRICE_EDGE = 297;

/**
 * How the adjacent cells are written: one text '149 88.96' (one string in the content stream), or
 * two texts one space-width apart (two strings, as a generator placing each cell would write them).
 */
export type CellWriting = 'one-string' | 'two-strings';

export interface AdjacentOptions {
  writing: CellWriting;
  /**
   * Items per page at most; items the table cannot hold continue on further pages, each with the
   * whole form and the table header.
   */
  perPage?: number;
}

type Measure = (text: string, size: number) => number;

/**
 * Moves every item's 数量 and 单价 to sit against QTY_PRICE_EDGE, measured with the real font, and
 * writes them as one string or two.
 */
function adjacentCells(page: SheetPage, measure: Measure, writing: CellWriting): Placed[] {
  const cellOf = (name: string, item: number) => page.texts.find((t) => t.tag?.name === name && t.tag.item === item);
  const out = page.texts.filter((t) => t.tag?.name !== 'Quantity' && t.tag?.name !== 'Price');
  const items = new Set(page.texts.filter((t) => t.tag?.item !== undefined).map((t) => t.tag!.item!));
  for (const item of items) {
    const qty = cellOf('Quantity', item);
    const price = cellOf('Price', item);
    if (!qty || !price) {
      if (qty) out.push(qty);
      if (price) out.push(price);
      continue;
    }
    const size = qty.size ?? 9;
    const space = measure(' ', size);
    const qtyX = QTY_PRICE_EDGE - space / 2 - measure(qty.text, size);
    if (writing === 'one-string') out.push({ ...qty, text: `${qty.text} ${price.text}`, x: qtyX, y: qty.y, size });
    else out.push({ ...qty, x: qtyX, size }, { ...price, x: QTY_PRICE_EDGE + space / 2, y: qty.y, size });
  }
  return out;
}

const TOTAL_TAGS = new Set(['TaxExclusiveTotalAmount', 'TaxTotalAmount', 'TaxInclusiveTotalAmount']);

/** Item rows the 数电 table holds between its header and 合计 (an item takes at least two). */
const ROWS_PER_PAGE = 7;

/** The items of each page: as many as the table holds, at most `perPage`. */
export function paginate(items: readonly SynthItem[], perPage = Infinity): SynthItem[][] {
  const pages: SynthItem[][] = [];
  let rows = Infinity;
  for (const item of items) {
    const need = Math.max(wrap(item.name, DIGITAL_NAME_WIDTH).length, 2);
    const last = pages[pages.length - 1];
    if (!last || rows + need > ROWS_PER_PAGE || last.length >= perPage) {
      pages.push([item]);
      rows = need;
    } else {
      last.push(item);
      rows += need;
    }
  }
  return pages;
}

/** The invoice's pages, each with the whole form; the totals and 大写 only on the last. */
function sheets(inv: SynthInvoice, perPage?: number): SheetPage[] {
  const parts = paginate(inv.items, perPage);
  return parts.map((items, i) => {
    // Item tags restart at 0 on each page; the item index only has to be unique within a page.
    const page = digitalSheet({ ...inv, items });
    if (i === parts.length - 1) return page;
    return { ...page, texts: page.texts.filter((t) => !TOTAL_TAGS.has(t.tag?.name ?? '') && t.text !== inv.words) };
  });
}

/** The invoice as a PDF with an embedded subset of Noto Sans SC. */
export async function adjacentColumnsPdf(inv: SynthInvoice, options: AdjacentOptions): Promise<Uint8Array> {
  const pages = sheets(inv, options.perPage);
  const doc = new PDFDocument({ autoFirstPage: false, compress: true, info: { Producer: 'test' } });
  doc.registerFont('cjk', FONT);
  doc.font('cjk');
  const measure: Measure = (text, size) => doc.fontSize(size).widthOfString(text);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const page of pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const t of adjacentCells(page, measure, options.writing)) {
      doc.fontSize(t.size ?? 9).text(t.text, t.x, t.y, { baseline: 'alphabetic', lineBreak: false });
    }
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
