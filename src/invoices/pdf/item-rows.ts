import { wordSpans, type ItemDraft } from '../common/index.js';
import { columnAt, looksNumeric, type Column, type ColumnKey } from './item-columns.js';
import type { Line } from './lines.js';
import { compact, joinRuns, sliceRun, type Run } from './runs.js';

/** One printed line of the item table, its text sorted into columns. */
export interface RowLine {
  readonly cells: ReadonlyMap<ColumnKey, string>;
  /** Number columns left holding two separate figures: the line cannot be read exactly. */
  readonly crowded: readonly ColumnKey[];
}

const AMOUNT = /^[-+]?¥?[-+]?\d[\d,]*(?:\.\d+)?$/u;
// Item names start with the tax category between asterisks: '*信息技术服务*…'.
const CATEGORY_START = /^\*[^*]+\*/u;
// One printed figure: a quantity, price, amount or rate.
const FIGURE = /^[-+¥]*\d[\d.,]*%?$/u;
const NUMBER_COLUMNS: ReadonlySet<ColumnKey> = new Set(['quantity', 'unitPrice', 'amount', 'taxRate', 'tax']);

/** The run cut at its spaces, positions estimated from the character count. */
function words(run: Run): Run[] {
  return wordSpans([...run.text]).map(([start, end]) => sliceRun(run, start, end));
}

/**
 * A run holding several figures ('149 88.96': 数量 right-aligned against the edge where a
 * left-aligned 单价 starts) is one run per figure: a number never spans two columns. A run spanning
 * several columns ('200  33.3495') is cut at its spaces too; other runs inside one column stay
 * whole (names keep their spaces).
 */
function pieces(run: Run, columns: readonly Column[]): Run[] {
  if (!/\s/u.test(run.text)) return [run];
  const parts = words(run);
  if (parts.every((p) => FIGURE.test(p.text))) return parts;
  const spanned = columns.filter((c) => Math.min(run.x1, c.x1) > Math.max(run.x0, c.x0));
  return spanned.length < 2 ? [run] : parts;
}

// What may stand in a numeric column: figures, asterisks (免税), or a rate word (免税 / 不征税).
const FIGURES = /^[-+¥\d.,%*]+$/u;
const RATE_WORD = /^[\u4e00-\u9fff]{1,6}$/u;

/** Whether a run can be content of the column; a stray glyph in a number column is not. */
function fits(key: ColumnKey, text: string): boolean {
  if (key === 'quantity' || key === 'unitPrice' || key === 'amount' || key === 'tax') return FIGURES.test(compact(text));
  if (key === 'taxRate') return FIGURES.test(compact(text)) || RATE_WORD.test(compact(text));
  return true;
}

interface Placed {
  run: Run;
  at: number;
}

/**
 * One figure per number cell. Headers are centred and figures aligned to a cell edge, so a figure
 * between two headers can be placed under the wrong one; when a number column got two figures and
 * the number column beside it none, the outer figure belongs to the neighbour (the header order
 * decides, never the width of the gap). What still shares a cell is reported, not joined.
 */
function oneFigurePerCell(placed: Placed[], columns: readonly Column[]): number[] {
  const figuresAt = (i: number) => placed.filter((p) => p.at === i && FIGURE.test(compact(p.run.text))).sort((a, b) => a.run.x0 - b.run.x0);
  const isNumber = (i: number) => i >= 0 && i < columns.length && NUMBER_COLUMNS.has(columns[i]!.key);
  for (let moved = true, rounds = 0; moved && rounds < columns.length * columns.length; rounds++) {
    moved = false;
    for (let i = 0; i < columns.length; i++) {
      const here = figuresAt(i);
      if (here.length < 2 || !isNumber(i)) continue;
      if (isNumber(i + 1) && figuresAt(i + 1).length === 0) here[here.length - 1]!.at = i + 1;
      else if (isNumber(i - 1) && figuresAt(i - 1).length === 0) here[0]!.at = i - 1;
      else continue;
      moved = true;
    }
  }
  return columns.map((_, i) => i).filter((i) => isNumber(i) && figuresAt(i).length > 1);
}

export function toRowLine(line: Line, columns: readonly Column[]): RowLine {
  const placed: Placed[] = [];
  for (const run of line.runs.flatMap((r) => pieces(r, columns))) {
    const column = columnAt(columns, run.x0, run.x1, looksNumeric(run.text));
    if (!column || !fits(column.key, run.text)) continue;
    placed.push({ run, at: columns.indexOf(column) });
  }
  const crowded = oneFigurePerCell(placed, columns).map((i) => columns[i]!.key);
  const byColumn = new Map<ColumnKey, Run[]>();
  for (const { run, at } of placed) {
    const key = columns[at]!.key;
    byColumn.set(key, [...(byColumn.get(key) ?? []), run]);
  }
  const cells = new Map<ColumnKey, string>();
  for (const [key, runs] of byColumn) cells.set(key, joinRuns(runs).trim());
  return { cells, crowded };
}

const cell = (row: RowLine, key: ColumnKey): string => row.cells.get(key) ?? '';

function hasAmount(row: RowLine): boolean {
  return AMOUNT.test(compact(cell(row, 'amount')));
}

export interface Block {
  lines: RowLine[];
  anchor?: RowLine;
}

/**
 * Groups table lines into items. A line with an amount carries the item's numbers; lines without
 * one continue a wrapped name, spec or unit. A new item starts at a name beginning with
 * '*category*' or at a second amount, so names wrapped above their amount line stay together.
 */
export function groupItemLines(rows: readonly RowLine[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const row of rows) {
    const startsName = CATEGORY_START.test(cell(row, 'name'));
    const amount = hasAmount(row);
    if (!current || (startsName && (current.anchor || current.lines.length > 0)) || (amount && current.anchor)) {
      current = { lines: [] };
      blocks.push(current);
    }
    current.lines.push(row);
    if (amount && !current.anchor) current.anchor = row;
  }
  return blocks;
}

// Wrapped lines are joined with nothing between them: the break falls inside a word or a model
// number, and a hyphen at the end of a line is printed, so it stays.
const joinWrapped = (lines: readonly RowLine[], key: ColumnKey): string =>
  lines.map((l) => cell(l, key)).join('');

const orNull = (text: string): string | null => (text === '' ? null : text);

/** The item a block describes, values as printed; null for a block without an amount. */
export function blockToItem(block: Block): ItemDraft | null {
  const anchor = block.anchor;
  if (!anchor) return null;
  return {
    name: orNull(joinWrapped(block.lines, 'name')),
    spec: orNull(joinWrapped(block.lines, 'spec')),
    unit: orNull(joinWrapped(block.lines, 'unit')),
    quantity: orNull(compact(cell(anchor, 'quantity'))),
    unitPrice: orNull(compact(cell(anchor, 'unitPrice'))),
    amount: orNull(compact(cell(anchor, 'amount'))),
    taxRate: orNull(compact(cell(anchor, 'taxRate'))),
    tax: orNull(compact(cell(anchor, 'tax'))),
  };
}
