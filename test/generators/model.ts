/**
 * The generator's model of one invoice, independent of the file format: amounts in fen, item
 * cells as printed, the red-letter link and the remarks. Renderers print it (PDF, OFD, XML) and
 * expected.ts derives from it the fields a parser must return.
 */
import type { Fen } from '../../src/domain/money.js';
import type { ServiceType } from '../../src/services/statements/statement-input.js';
import type { NumberStyle, Rate } from './amounts.js';
import type { StreamOrder } from './forms/sheet.js';
import type { PartyInfo } from './parties.js';
import type { WordsStyle } from './spec.js';

export type Generation = 'digital' | 'legacy';
export type InvoiceKind = 'special' | 'ordinary';
export type OutputFormat = 'pdf' | 'ofd' | 'xml';

export interface DocLine {
  name: string;
  spec: string | null;
  unit: string | null;
  quantity: string | null;
  unitPrice: string | null;
  amount: Fen;
  rate: Rate;
  /** null on an exempt line (printed as asterisks). */
  tax: Fen | null;
  serviceType: ServiceType;
}

export interface RedLink {
  originalNumber: string;
  /** Legacy originals only. */
  originalCode: string | null;
  /** 红字发票信息确认单编号 (数电). */
  confirmation: string | null;
}

export interface InvoiceDoc {
  generation: Generation;
  kind: InvoiceKind;
  title: string;
  code: string | null;
  number: string;
  /** ISO date. */
  issueDate: string;
  checkCode: string | null;
  machineNumber: string | null;
  cipher: string[] | null;
  buyer: PartyInfo;
  seller: PartyInfo;
  lines: DocLine[];
  /** Legacy: lines printed on 销货清单 pages behind a '(详见销货清单)' summary line. */
  listed: boolean;
  net: Fen;
  tax: Fen;
  gross: Fen;
  /** Every line exempt: the tax total is printed as asterisks. */
  allExempt: boolean;
  /** 价税合计（大写） without any mark before it. */
  words: string;
  wordsStyle: WordsStyle;
  red: RedLink | null;
  remarks: string[];
  issuer: string;
  payee: string | null;
  reviewer: string | null;
  numberStyle: NumberStyle;
  /** PDF text-stream order. */
  order: StreamOrder;
}

/** Lines per 销货清单 page; names may wrap to two rows, so a page holds this many safely. */
export const LIST_PER_PAGE = 8;

/** Pages a rendering of the invoice has (null for XML, which has none). */
export function pageCount(doc: InvoiceDoc, format: OutputFormat): number | null {
  if (format === 'xml') return null;
  return doc.listed ? 1 + Math.ceil(doc.lines.length / LIST_PER_PAGE) : 1;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** '2026-03-01' → ['2026', '03', '01']. */
export function dateParts(iso: string): [string, string, string] {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return [String(y), pad2(m), pad2(d)];
}

/** '2026-03-01' → '2026年03月01日'. */
export function chineseDate(iso: string): string {
  const [y, m, d] = dateParts(iso);
  return `${y}年${m}月${d}日`;
}
