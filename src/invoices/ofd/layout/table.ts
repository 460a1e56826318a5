import { labelKey, wordSpans, type ItemDraft } from '../../common/index.js';
import { glyphAdvance, type TextRun } from '../text-run.js';
import { HEADER_WORDS, type ItemColumn } from './labels.js';
import { groupLines, lineKey, type Line } from './lines.js';

/**
 * The item table of an invoice page, read by geometry: the header line gives the columns, the
 * lines below it up to the 合计 / 小计 / 总计 line are the rows. A line with an amount starts an
 * item; a line without one continues the previous item (names and models wrap).
 */
export interface Column {
  key: ItemColumn;
  x0: number;
  x1: number;
}

export interface PageTable {
  columns: Column[];
  rows: ItemDraft[];
  /** Lines after the rows: 合计, 小计, 总计 … with their cells by column. */
  footer: { key: string; cells: Cells }[];
}

const ROW_END = /^(合计|小计|总计|价税合计)/u;
const AMOUNT_CELL = /^[-+]?[¥￥]?[-+]?\d[\d,]*(\.\d+)?$/u;
const MAX_PREFIX = 8;

/** Header words on one line, merging words printed one character per object ('数','量'). */
export function headerColumns(line: Line): Column[] {
  const runs = line.runs;
  const words = Object.keys(HEADER_WORDS);
  const out: Column[] = [];
  let i = 0;
  while (i < runs.length) {
    let acc = labelKey(runs[i]!.text);
    let j = i;
    while (!(acc in HEADER_WORDS) && j + 1 < runs.length && j - i < MAX_PREFIX && words.some((w) => w.startsWith(acc) && w !== acc)) {
      j += 1;
      acc += labelKey(runs[j]!.text);
    }
    const key = HEADER_WORDS[acc];
    if (key !== undefined) {
      out.push({ key, x0: runs[i]!.x0, x1: runs[j]!.x1 });
      i = j + 1;
    } else i += 1;
  }
  return out;
}

function isHeader(columns: Column[]): boolean {
  const keys = new Set(columns.map((c) => c.key));
  return keys.has('name') && keys.has('amount') && (keys.has('tax') || keys.has('taxRate'));
}

/** Horizontal distance between a run and a header (0 when they overlap), centre distance as tie-break. */
function cost(run: TextRun, col: Column): number {
  const gap = Math.max(0, col.x0 - run.x1, run.x0 - col.x1);
  return gap + 0.01 * Math.abs((run.x0 + run.x1) / 2 - (col.x0 + col.x1) / 2);
}

/** Extra cost for two runs of one line falling into the same column (touching runs are joined first). */
const SHARE_PENALTY = 50;

/**
 * Assigns the runs of a line (left to right) to columns (left to right) keeping their order,
 * at the least total distance. Numbers are right-aligned in their cells and headers centred,
 * so the nearest header alone can be the wrong one; order plus distance is not.
 */
function assignColumns(runs: TextRun[], columns: Column[]): number[] {
  const n = runs.length;
  const m = columns.length;
  // best[i][j]: least cost with run i in column j; from[i][j]: column of run i-1.
  const best = runs.map(() => new Array<number>(m).fill(Infinity));
  const from = runs.map(() => new Array<number>(m).fill(-1));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const c = cost(runs[i]!, columns[j]!);
      if (i === 0) {
        best[0]![j] = c;
        continue;
      }
      for (let k = 0; k <= j; k++) {
        const prev = best[i - 1]![k]!;
        const total = prev + c + (k === j ? SHARE_PENALTY : 0);
        if (total < best[i]![j]!) {
          best[i]![j] = total;
          from[i]![j] = k;
        }
      }
    }
  }
  const out = new Array<number>(n).fill(0);
  let j = best[n - 1]!.indexOf(Math.min(...best[n - 1]!));
  for (let i = n - 1; i >= 0; i--) {
    out[i] = j;
    j = from[i]![j]!;
  }
  return out;
}

// One printed figure: a quantity, price, amount or rate.
const FIGURE = /^[-+¥￥]*\d[\d.,]*%?$/u;

/**
 * A run holding several figures ('149 88.96': 数量 right-aligned against the edge where a left-aligned
 * 单价 starts) is one run per figure, positions estimated from glyph advances: a number never spans
 * two columns.
 */
function figurePieces(run: TextRun): TextRun[] {
  const words = run.text.trim().split(/\s+/u);
  if (words.length < 2 || !words.every((w) => FIGURE.test(w))) return [run];
  const chars = [...run.text];
  const advances = chars.map((ch) => glyphAdvance(ch, run.size));
  const scale = (run.x1 - run.x0) / (advances.reduce((a, b) => a + b, 0) || 1);
  // xs[i]: where glyph i starts.
  const xs = advances.reduce<number[]>((acc, a) => [...acc, acc[acc.length - 1]! + a * scale], [run.x0]);
  return wordSpans(chars).map(([start, end]) => ({ ...run, text: chars.slice(start, end).join(''), x0: xs[start]!, x1: xs[end]! }));
}

/** Two figures a word space apart are two cells' values, however close ('149' '88.96'). */
const figuresApart = (prev: TextRun, run: TextRun, gap: number): boolean =>
  gap >= 0.15 * Math.min(prev.size, run.size) && /\d$/u.test(prev.text.trim()) && /^[-+¥￥]?\d/u.test(run.text.trim());

/** Runs printed flush against each other are one cell's text split over objects. */
function joinTouching(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const run of runs) {
    const prev = out[out.length - 1];
    if (prev && run.x0 - prev.x1 < 0.3 * Math.max(prev.size, run.size) && !figuresApart(prev, run, run.x0 - prev.x1)) {
      out[out.length - 1] = { ...prev, text: `${prev.text.trim()}${run.text.trim()}`, x1: Math.max(prev.x1, run.x1) };
    } else out.push(run);
  }
  return out;
}

function cellsOf(line: Line, columns: Column[]): Cells {
  const cells: Cells = {};
  const runs = joinTouching(line.runs.filter((r) => r.text.trim() !== '').flatMap(figurePieces));
  if (runs.length === 0 || columns.length === 0) return cells;
  assignColumns(runs, columns).forEach((j, i) => {
    const key = columns[j]!.key;
    cells[key] = (cells[key] ?? '') + runs[i]!.text.trim();
  });
  return cells;
}

export type Cells = Partial<Record<ItemColumn, string>>;

const ITEM_KEYS = ['name', 'spec', 'unit', 'quantity', 'unitPrice', 'amount', 'taxRate', 'tax'] as const;

/**
 * Item rows from table lines (cells by column, top to bottom): a line with an amount starts an
 * item; a line without one continues the previous item's name, model and unit (wrapped text).
 */
export function buildRows(lines: Cells[]): ItemDraft[] {
  const rows: ItemDraft[] = [];
  let pending: Cells = {};
  for (const cells of lines) {
    if (cells.amount !== undefined && AMOUNT_CELL.test(cells.amount.replace(/\s+/gu, ''))) {
      const item: ItemDraft = {};
      for (const k of ITEM_KEYS) {
        const text = `${pending[k] ?? ''}${cells[k] ?? ''}`;
        if (text !== '') item[k] = text;
      }
      rows.push(item);
      pending = {};
      continue;
    }
    const target = rows[rows.length - 1];
    for (const k of ['name', 'spec', 'unit'] as const) {
      const text = cells[k];
      if (text === undefined) continue;
      if (target) target[k] = `${target[k] ?? ''}${text}`;
      else pending[k] = `${pending[k] ?? ''}${text}`;
    }
  }
  return rows;
}

/** Reads the item table of one page, or null when the page has no item header. */
export function readTable(runs: TextRun[]): PageTable | null {
  const lines = groupLines(runs);
  const headerIndex = lines.findIndex((l) => isHeader(headerColumns(l)));
  if (headerIndex < 0) return null;
  const columns = headerColumns(lines[headerIndex]!).sort((a, b) => a.x0 - b.x0);
  const body: Cells[] = [];
  const footer: PageTable['footer'] = [];
  for (const line of lines.slice(headerIndex + 1)) {
    // '折扣' alone in the first cell is the 销货清单 discount total; a discount item has a name.
    const firstKey = labelKey(line.runs[0]?.text ?? '');
    const word = ROW_END.exec(lineKey(line))?.[1] ?? (firstKey === '折扣' ? '折扣' : undefined);
    if (word) footer.push({ key: word, cells: cellsOf(line, columns) });
    else if (footer.length === 0) body.push(cellsOf(line, columns));
  }
  return { columns, rows: buildRows(body), footer };
}
