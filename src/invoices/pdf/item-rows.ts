import type { ItemDraft } from '../common/index.js';
import { columnAt, looksNumeric, type Column, type ColumnKey } from './item-columns.js';
import type { Line } from './lines.js';
import { compact, joinRuns, sliceRun, type Run } from './runs.js';

/** One printed line of the item table, its text sorted into columns. */
export interface RowLine {
  readonly cells: ReadonlyMap<ColumnKey, string>;
}

const AMOUNT = /^[-+]?¥?[-+]?\d[\d,]*(?:\.\d+)?$/u;
// Item names start with the tax category between asterisks: '*信息技术服务*…'.
const CATEGORY_START = /^\*[^*]+\*/u;

/**
 * A run spanning several columns ('200  33.3495') is cut at its spaces, with positions estimated
 * from the character count; runs inside one column stay whole (names keep their spaces).
 */
function splitAcrossColumns(run: Run, columns: readonly Column[]): Run[] {
  const spanned = columns.filter((c) => Math.min(run.x1, c.x1) > Math.max(run.x0, c.x0));
  if (spanned.length < 2 || !/\s/u.test(run.text)) return [run];
  const chars = [...run.text];
  const parts: Run[] = [];
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const blank = i === chars.length || chars[i]!.trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      parts.push(sliceRun(run, start, i));
      start = -1;
    }
  }
  return parts;
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

export function toRowLine(line: Line, columns: readonly Column[]): RowLine {
  const byColumn = new Map<ColumnKey, Run[]>();
  for (const run of line.runs.flatMap((r) => splitAcrossColumns(r, columns))) {
    const column = columnAt(columns, run.x0, run.x1, looksNumeric(run.text));
    if (!column || !fits(column.key, run.text)) continue;
    const list = byColumn.get(column.key) ?? [];
    list.push(run);
    byColumn.set(column.key, list);
  }
  const cells = new Map<ColumnKey, string>();
  for (const [key, runs] of byColumn) cells.set(key, joinRuns(runs).trim());
  return { cells };
}

const cell = (row: RowLine, key: ColumnKey): string => row.cells.get(key) ?? '';

function hasAmount(row: RowLine): boolean {
  return AMOUNT.test(compact(cell(row, 'amount')));
}

interface Block {
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
