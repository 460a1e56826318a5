/**
 * A printed invoice page as positioned texts, independent of the file format: the PDF writer
 * prints it in points, the OFD writer converts it to millimetres. Every text knows whether it is
 * part of the form (a label, drawn by an OFD template page) or a value, and values may carry the
 * semantic tag that OFD custom tags use to point at them.
 */
import type { PageSpec, TextSpec } from '../../invoices/pdf-synthetic.js';

export type Role = 'label' | 'value';

/** Semantic name of a value (OFD CustomTag element), with the item it belongs to for item cells. */
export interface Tag {
  name: string;
  item?: number;
}

export interface Placed extends TextSpec {
  role: Role;
  tag?: Tag;
  /** Seal glyphs and similar print-only marks that structured formats draw as images. */
  decor?: boolean;
}

export interface SheetPage {
  width: number;
  height: number;
  texts: Placed[];
}

/** Order of texts in a PDF content stream: as placed, or all labels first and the values after them in reverse. */
export type StreamOrder = 'natural' | 'labelsFirst';

/** Width as the synthetic fonts print it: ASCII half an em, everything else a full em. */
export const textWidth = (text: string, size = 9): number =>
  [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x7f ? 0.5 : 1), 0) * size;

/** Breaks text into lines no wider than `width` (names wrap inside their cell). */
export function wrap(text: string, width: number, size = 9): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line !== '' && textWidth(line + ch, size) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export class Sheet {
  readonly texts: Placed[] = [];
  label(text: string, x: number, y: number, size = 9): void {
    this.texts.push({ text, x, y, size, role: 'label' });
  }
  value(text: string | undefined, x: number, y: number, size = 9, tag?: Tag): void {
    if (text) this.texts.push({ text, x, y, size, role: 'value', ...(tag ? { tag } : {}) });
  }
  right(text: string | undefined, xRight: number, y: number, size = 9, tag?: Tag): void {
    if (text) this.value(text, xRight - textWidth(text, size), y, size, tag);
  }
  centre(text: string | undefined, xMid: number, y: number, size = 9, tag?: Tag): void {
    if (text) this.value(text, xMid - textWidth(text, size) / 2, y, size, tag);
  }
  vertical(word: string, x: number, yTop: number, step: number): void {
    [...word].forEach((ch, i) => this.label(ch, x, yTop + i * step));
  }
  decor(text: string, x: number, y: number, size: number, role: Role, rotate?: number): void {
    this.texts.push({ text, x, y, size, role, decor: true, ...(rotate === undefined ? {} : { rotate }) });
  }
  page(width: number, height: number): SheetPage {
    return { width, height, texts: this.texts };
  }
}

/** The page as the PDF writer takes it. */
export function toPageSpec(page: SheetPage, order: StreamOrder = 'natural'): PageSpec {
  const texts =
    order === 'labelsFirst'
      ? [...page.texts.filter((t) => t.role === 'label'), ...page.texts.filter((t) => t.role === 'value').reverse()]
      : page.texts;
  return { width: page.width, height: page.height, texts: texts.map(({ role: _r, tag: _t, decor: _d, ...t }) => t) };
}
