import { z } from 'zod';
import { formatYuan, sumFen } from '../../domain/money.js';
import { conflict } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchLines, loadBatch, type BatchLine, type BatchRow } from './batch-view.js';
import type { BatchRound } from './plan-batch.js';
import { actorNames, type ActorName } from '../users/actor-names.js';
import { BATCH_STATUS_NAMES, FUNDING_NAMES, INSTALLMENT_NAMES, POLICY_TYPE_NAMES, nameOf } from '../../rules/words.js';

export const ExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });
export type ExportQuery = z.infer<typeof ExportQuery>;

/**
 * The columns the treasury receives, in the words of the people who read them: numbers people use (the
 * batch's and the application's) rather than internal ids, type and installment by name, amounts as yuan
 * text and as integer fen. The installment's id stays as the last column: one line's key when the treasury
 * confirms a payment.
 */
const COLUMNS = ['批次编号', '序号', '统一社会信用代码', '单位名称', '申请编号', '申报类型', '年度', '拨付节点', '计算金额（元）', '拨付金额（元）', '拨付金额（分）', '款项编号'] as const;
/** The totals row's word in the 序号 column. */
export const TOTAL_LINE = '合计';

/** The workbook's sheets: the payment lines, and the batch as a whole. */
export const PAYOUT_SHEET = '拨付明细';
export const SUMMARY_SHEET = '批次信息';

type Cell = string | number;

const batchNumber = (batch: BatchRow) => batch.number ?? batch.id;

/** The rows the treasury receives: one per installment, then a totals row that equals the approved batch. */
function tableRows(batch: BatchRow, lines: BatchLine[]): Cell[][] {
  const rows: Cell[][] = lines.map((l, i) => [
    batchNumber(batch), i + 1, l.uscc, l.applicantName ?? '', l.applicationNumber ?? l.applicationId, nameOf(POLICY_TYPE_NAMES, l.type), l.year,
    nameOf(INSTALLMENT_NAMES, l.on), formatYuan(l.computedFen), formatYuan(l.amountFen), l.amountFen, l.installmentId,
  ]);
  const computed = sumFen(lines.map((l) => l.computedFen));
  const amount = sumFen(lines.map((l) => l.amountFen));
  if (amount !== batch.total) throw new Error(`batch ${batch.id}: lines add up to ${amount} fen, the batch says ${batch.total}`);
  rows.push([batchNumber(batch), TOTAL_LINE, '', '', '', '', '', '', formatYuan(computed), formatYuan(amount), amount, '']);
  return rows;
}

// A cell starting with = + - @ would be run as a formula by spreadsheet software; a leading ' keeps it text.
function csvCell(value: Cell): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(batch: BatchRow, lines: BatchLine[]): string {
  const rows = [[...COLUMNS] as Cell[], ...tableRows(batch, lines)];
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The batch as a whole, for the workbook's second sheet: who prepared and approved it, and each round's scaling. */
function summaryRows(batch: BatchRow, names: ReadonlyMap<string, ActorName>): Cell[][] {
  const who = (actor: string | null) => (actor ? (names.get(actor)?.name ?? '') : '');
  const rows: Cell[][] = [
    ['批次编号', batchNumber(batch)],
    ['资金来源', nameOf(FUNDING_NAMES, batch.fundingSource)],
    ['年度', batch.year ?? '全部年度'],
    ['状态', nameOf(BATCH_STATUS_NAMES, batch.status)],
    ['经办人', who(batch.preparedBy)],
    ['审批人', who(batch.approvedBy)],
    ['合计（元）', formatYuan(batch.total)],
  ];
  for (const r of (batch.scaling ?? []) as BatchRound[]) {
    rows.push([
      `${r.year} 年${nameOf(FUNDING_NAMES, r.fundingSource)}算力补贴公示轮次`,
      r.scaled ? `预算不足，按 ${r.ratio.numerator} / ${r.ratio.denominator}（${r.ratio.decimal}）比例核减` : '预算充足，未核减',
    ]);
  }
  return rows;
}

/** Amounts are written as yuan text (exact, as the API shows them) beside integer fen, never as floating-point cells. */
export async function toXlsx(batch: BatchRow, lines: BatchLine[], names: ReadonlyMap<string, ActorName>): Promise<Uint8Array> {
  // Loaded on the first XLSX export: a large library that most processes never use.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = batch.approvedAt ?? batch.createdAt;
  const sheet = workbook.addWorksheet(PAYOUT_SHEET);
  sheet.addRow([...COLUMNS]);
  for (const row of tableRows(batch, lines)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(lines.length + 2).font = { bold: true };
  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  for (const row of summaryRows(batch, names)) summary.addRow(row);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** `GET /v1/payout-batches/{id}/export`: an approved (or paid) batch for the treasury system (finance roles, auditor). */
export async function exportBatch(ctx: ServiceContext, id: string, q: ExportQuery) {
  assertRole(ctx, 'finance_preparer', 'finance_approver', 'auditor');
  const batch = await loadBatch(ctx.db, id);
  if (batch.status !== 'approved' && batch.status !== 'paid') {
    throw conflict('BATCH_NOT_APPROVED', `payout batch ${id} is ${batch.status}; only an approved batch is exported`);
  }
  const lines = await batchLines(ctx.db, id);
  if (q.format === 'xlsx') {
    return {
      body: await toXlsx(batch, lines, await actorNames(ctx, [batch.preparedBy, batch.approvedBy])),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `payout-${batchNumber(batch)}.xlsx`,
    };
  }
  // A byte-order mark so spreadsheet software reads the Chinese names as UTF-8.
  return { body: new TextEncoder().encode(`\uFEFF${toCsv(batch, lines)}`), contentType: 'text/csv; charset=utf-8', fileName: `payout-${batchNumber(batch)}.csv` };
}
