import type { Line } from './lines.js';
import { sliceRun } from './runs.js';

/**
 * The columns of an item table, found from its header row. Headers come letter-spaced and split
 * ('金' … '额', '数 量'), and the tables differ: goods (名称/规格型号/单位/数量/单价), tolls
 * (车牌号/类型/通行日期起/止 and no quantity), 销货清单 (序号 first), 旅客运输 (单价 before 数量).
 */
export type ColumnKey = 'name' | 'spec' | 'unit' | 'quantity' | 'unitPrice' | 'amount' | 'taxRate' | 'tax' | 'other';

export interface Column {
  readonly key: ColumnKey;
  readonly x0: number;
  readonly x1: number;
}

const HEADERS: readonly [string, ColumnKey][] = [
  ['货物或应税劳务、服务名称', 'name'],
  ['货物或应税劳务,服务名称', 'name'],
  ['货物或应税劳务名称', 'name'],
  ['货物(劳务)名称', 'name'],
  ['项目名称', 'name'],
  ['规格型号', 'spec'],
  ['单位', 'unit'],
  ['数量', 'quantity'],
  ['单价', 'unitPrice'],
  ['金额', 'amount'],
  ['税率/征收率', 'taxRate'],
  ['税率', 'taxRate'],
  ['征收率', 'taxRate'],
  ['税额', 'tax'],
  ['序号', 'other'],
  ['车牌号', 'other'],
  ['类型', 'other'],
  ['通行日期起', 'other'],
  ['通行日期止', 'other'],
];

// Numbers are right-aligned in their cells, text is left-aligned or centred.
const NUMERIC: ReadonlySet<ColumnKey> = new Set(['quantity', 'unitPrice', 'amount', 'taxRate', 'tax']);

interface Glyph {
  ch: string;
  x0: number;
  x1: number;
}

/** The line's characters with estimated positions. */
function glyphs(line: Line): Glyph[] {
  const out: Glyph[] = [];
  for (const run of line.runs) {
    const chars = [...run.text];
    chars.forEach((ch, i) => {
      if (ch.trim() === '') return;
      const g = sliceRun(run, i, i + 1);
      out.push({ ch, x0: g.x0, x1: g.x1 });
    });
  }
  return out;
}

/** The columns named on `line`, left to right; empty when the line is not an item-table header. */
export function readHeaderColumns(line: Line): Column[] {
  // Every item table has a 金额 column; most lines are not headers and skip the work below.
  if (!line.runs.some((r) => r.text.includes('金')) || !line.runs.some((r) => r.text.includes('额'))) return [];
  const gs = glyphs(line);
  const columns: Column[] = [];
  let i = 0;
  while (i < gs.length) {
    let matched = false;
    for (const [text, key] of HEADERS) {
      const chars = [...text];
      if (i + chars.length > gs.length) continue;
      if (!chars.every((ch, k) => gs[i + k]!.ch === ch)) continue;
      columns.push({ key, x0: gs[i]!.x0, x1: gs[i + chars.length - 1]!.x1 });
      i += chars.length;
      matched = true;
      break;
    }
    if (!matched) i++;
  }
  const keys = new Set(columns.map((c) => c.key));
  const isHeader = keys.has('name') && keys.has('amount') && (keys.has('tax') || keys.has('taxRate'));
  return isHeader ? columns : [];
}

/** Whether a cell's text reads as a number, a percentage or asterisks (right-aligned content). */
export function looksNumeric(text: string): boolean {
  return /^[-+¥]*[\d.,]+%?$|^\*+$/u.test(text.replace(/\s+/gu, ''));
}

/**
 * The column a piece of text at [x0, x1] belongs to. Overlapping a header decides; in the gap
 * between two headers, a number belongs to the numeric column on its left (right-aligned under
 * it) and text to the text column on its right (left-aligned under it).
 */
export function columnAt(columns: readonly Column[], x0: number, x1: number, numeric: boolean): Column | undefined {
  let best: Column | undefined;
  let bestOverlap = 0;
  for (const c of columns) {
    const overlap = Math.min(x1, c.x1) - Math.max(x0, c.x0);
    if (overlap > bestOverlap) {
      best = c;
      bestOverlap = overlap;
    }
  }
  if (best) return best;
  const first = columns[0];
  const last = columns[columns.length - 1];
  if (!first || !last) return undefined;
  if (x1 <= first.x0) return first;
  if (x0 >= last.x1) return last;
  for (let i = 0; i + 1 < columns.length; i++) {
    const left = columns[i]!;
    const right = columns[i + 1]!;
    if (x0 < left.x1 || x1 > right.x0) continue;
    const leftNumeric = NUMERIC.has(left.key);
    const rightNumeric = NUMERIC.has(right.key);
    if (numeric && leftNumeric) return left;
    if (!numeric && !rightNumeric) return right;
    if (numeric && rightNumeric) return right;
    if (!numeric && !leftNumeric) return left;
    return x0 - left.x1 <= right.x0 - x1 ? left : right;
  }
  return undefined;
}
