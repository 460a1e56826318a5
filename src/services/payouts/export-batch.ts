import { z } from 'zod';
import { formatYuan, sumFen } from '../../domain/money.js';
import { conflict } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { batchLines, loadBatch, type BatchLine, type BatchRow } from './batch-view.js';
import type { BatchRound } from './plan-batch.js';

export const ExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });
export type ExportQuery = z.infer<typeof ExportQuery>;

const COLUMNS = ['batchId', 'line', 'uscc', 'applicantName', 'applicationId', 'type', 'year', 'installment', 'installmentId', 'computed', 'amount', 'amountFen'] as const;

type Cell = string | number;

/** The rows the treasury receives: one per installment, then a totals row that equals the approved batch. */
function tableRows(batch: BatchRow, lines: BatchLine[]): Cell[][] {
  const rows: Cell[][] = lines.map((l, i) => [
    batch.id, i + 1, l.uscc, l.applicantName ?? '', l.applicationId, l.type, l.year, l.on, l.installmentId,
    formatYuan(l.computedFen), formatYuan(l.amountFen), l.amountFen,
  ]);
  const computed = sumFen(lines.map((l) => l.computedFen));
  const amount = sumFen(lines.map((l) => l.amountFen));
  if (amount !== batch.total) throw new Error(`batch ${batch.id}: lines add up to ${amount} fen, the batch says ${batch.total}`);
  rows.push([batch.id, 'TOTAL', '', '', '', '', '', '', '', formatYuan(computed), formatYuan(amount), amount]);
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

/** Amounts are written as yuan text (exact, as the API shows them) beside integer fen, never as floating-point cells. */
export async function toXlsx(batch: BatchRow, lines: BatchLine[]): Promise<Uint8Array> {
  // Loaded on the first XLSX export: a large library that most processes never use.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = batch.approvedAt ?? batch.createdAt;
  const sheet = workbook.addWorksheet('payout');
  sheet.addRow([...COLUMNS]);
  for (const row of tableRows(batch, lines)) sheet.addRow(row);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(lines.length + 2).font = { bold: true };
  const summary = workbook.addWorksheet('batch');
  summary.addRow(['batchId', batch.id]);
  summary.addRow(['fundingSource', batch.fundingSource]);
  summary.addRow(['year', batch.year ?? 'all']);
  summary.addRow(['status', batch.status]);
  summary.addRow(['preparedBy', batch.preparedBy]);
  summary.addRow(['approvedBy', batch.approvedBy ?? '']);
  summary.addRow(['total', formatYuan(batch.total)]);
  for (const r of (batch.scaling ?? []) as BatchRound[]) {
    summary.addRow([`compute round ${r.fundingSource} ${r.year}, notice ${r.noticeId}`, r.scaled ? `scaled by ${r.ratio.numerator} / ${r.ratio.denominator} (${r.ratio.decimal})` : 'not scaled']);
  }
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
      body: await toXlsx(batch, lines),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: `payout-${id}.xlsx`,
    };
  }
  // A byte-order mark so spreadsheet software reads the Chinese names as UTF-8.
  return { body: new TextEncoder().encode(`\uFEFF${toCsv(batch, lines)}`), contentType: 'text/csv; charset=utf-8', fileName: `payout-${id}.csv` };
}
