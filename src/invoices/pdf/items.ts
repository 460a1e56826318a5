import { InvoiceParseError } from '../fields.js';
import type { ItemDraft } from '../common/index.js';
import { readHeaderColumns, type Column } from './item-columns.js';
import { blockToItem, groupItemLines, toRowLine } from './item-rows.js';
import type { LabelKind } from './labels.js';
import type { Line } from './lines.js';
import type { PageLayout } from './page-layout.js';
import { compact, joinRuns, sameLine } from './runs.js';

/** The item table of one page: its columns and the lines between its header and its end. */
export interface ItemTable {
  readonly columns: readonly Column[];
  readonly lines: readonly Line[];
}

// A table ends at its totals (合计, 销货清单 小计/总计), at the amount in words, or at the remarks.
const TABLE_END = /^(合计|小计|总计|价税合计|备注)/u;
const END_LABELS: ReadonlySet<LabelKind> = new Set(['subtotal', 'totalWords', 'totalFigures', 'remarks', 'payee', 'reviewer', 'issuer', 'sellerSeal']);
// Special-business invoices (旅客运输, 货物运输, 建筑, 不动产租赁) print a table of their own
// near the items; its rows are not items.
const OTHER_TABLE = /出行人|有效身份证件号|出发地|到达地|运输工具种类|起运地|建筑服务发生地|建筑项目名称|不动产地址|租赁期起止|土地增值税项目编号/u;

/** The first item table of the page: its header row and the rows down to where it ends. */
export function findItemTable(page: PageLayout): ItemTable | null {
  const lines = page.lines;
  let columns: Column[] = [];
  const headerAt = lines.findIndex((l) => (columns = readHeaderColumns(l)).length > 0);
  if (headerAt < 0) return null;
  const body: Line[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    const text = compact(joinRuns(line.runs));
    if (TABLE_END.test(text) || OTHER_TABLE.test(text)) break;
    if (page.labels.some((l) => END_LABELS.has(l.kind) && sameLine(l, line))) break;
    body.push(line);
  }
  return { columns, lines: body };
}

/** Items of one page's table, values as printed. */
export function readTableItems(table: ItemTable): ItemDraft[] {
  const rows = table.lines.map((l) => toRowLine(l, table.columns));
  const items: ItemDraft[] = [];
  for (const block of groupItemLines(rows)) {
    const item = blockToItem(block);
    if (!item) continue;
    const crowded = block.anchor?.crowded ?? [];
    if (crowded.length > 0) throw new InvoiceParseError('PDF_ITEMS_UNREADABLE', `item '${item.name}' has two figures in its ${crowded.join(', ')} column`);
    // An amount without a name means the table was not understood; better to fail than to
    // drop or invent a line of a public-money claim.
    if (!item.name) throw new InvoiceParseError('PDF_ITEMS_UNREADABLE', `an item line with amount ${item.amount} has no name`);
    const bad = unreadableFigure(item);
    if (bad) throw new InvoiceParseError('PDF_ITEMS_UNREADABLE', `item '${item.name}' has an unreadable ${bad}`);
    items.push(item);
  }
  return items;
}

const NUMBER = /^[-+]?\d[\d,]*(?:\.\d+)?$/u;
const TAX = /^[-+]?¥?[-+]?\d[\d,]*(?:\.\d+)?$|^\*+$/u;

/** The first printed figure of an item that is not a number (two figures run together, say). */
function unreadableFigure(item: ItemDraft): string | null {
  if (item.quantity && !NUMBER.test(item.quantity)) return `quantity '${item.quantity}'`;
  if (item.unitPrice && !NUMBER.test(item.unitPrice)) return `unit price '${item.unitPrice}'`;
  if (item.tax && !TAX.test(item.tax)) return `tax '${item.tax}'`;
  return null;
}

// The invoice page of an invoice with a 销货清单 carries one summary line in place of the items.
const LIST_SUMMARY = /详见.*清单/u;

/**
 * Items of the whole document. When 销货清单 pages carry the real lines, the invoice page's
 * '(详见销货清单)' summary is dropped; without list pages (a red invoice reversing a listed one)
 * the summary line is the real line and stays.
 */
export function readItems(tables: readonly (ItemTable | null)[]): ItemDraft[] {
  const perPage = tables.map((table) => (table ? readTableItems(table) : []));
  const isSummary = (i: ItemDraft) => LIST_SUMMARY.test(compact(i.name ?? ''));
  const hasList = perPage.some((items) => items.length > 0 && !items.some(isSummary));
  const all = perPage.flat();
  const hasSummary = all.some(isSummary);
  return hasSummary && hasList && perPage.length > 1 ? all.filter((i) => !isSummary(i)) : all;
}
