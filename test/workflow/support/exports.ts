import ExcelJS from 'exceljs';
import { parseYuan } from '../../../src/domain/money.js';
import { PAYOUT_SHEET, SUMMARY_SHEET } from '../../../src/services/payouts/export-batch.js';
import type { World } from './world.js';

export interface ExportTable {
  header: string[];
  rows: Record<string, string>[];
  totals: Record<string, string>;
}

export async function download(w: World, path: string, token: string): Promise<{ status: number; contentType: string; bytes: Uint8Array }> {
  const res = await w.rt.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Our CSV never quotes (no commas in the data), so a plain split reads it; the BOM is dropped. */
export function parseCsv(bytes: Uint8Array): ExportTable {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const lines = text.split('\r\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  const records = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
  return { header, rows: records.slice(0, -1), totals: records[records.length - 1]! };
}

export async function parseXlsx(bytes: Uint8Array): Promise<ExportTable & { summary: Record<string, string> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  const sheet = workbook.getWorksheet(PAYOUT_SHEET)!;
  const values: string[][] = [];
  sheet.eachRow((row) => {
    const cells = (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
    values.push(cells);
  });
  const header = values[0]!;
  const records = values.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  const summary: Record<string, string> = {};
  workbook.getWorksheet(SUMMARY_SHEET)!.eachRow((row) => {
    const [k, v] = (row.values as unknown[]).slice(1).map(String);
    summary[k!] = v!;
  });
  return { header, rows: records.slice(0, -1), totals: records[records.length - 1]!, summary };
}

/** Sums a yuan column in fen, exactly. */
export function sumColumn(rows: Record<string, string>[], column: string): number {
  return rows.reduce((s, r) => s + parseYuan(r[column]!), 0);
}
