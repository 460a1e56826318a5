import { sql } from 'drizzle-orm';
import { invoices } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { InvoiceRow } from './invoice-view.js';

interface MatchedLine {
  id: number;
  lineId: string;
  amount: number;
  serviceType: string;
  issueDate: string;
  status: string;
  matchId: string;
}

interface OpenBreak {
  code: string;
  details: unknown;
  statementLineId: number | null;
}

/** Groups that hold the invoice (undone and rejected ones no longer do). */
const heldGroups = sql`select g.group_id from matches g
  where g.invoice_id = ${invoices.id} and g.undone_at is null and g.status <> 'rejected'`;

/**
 * Columns to select beside the invoice row, so the whole view is read in one round trip: the statement
 * lines its match holds, and open breaks on the invoice itself or on those lines (e.g. a line's service
 * type). Ordered by line id and by code, so the view is the same on every read. Each part starts from the
 * invoice's own index entries (an OR across the two break columns would make the planner read every match).
 */
export const invoiceMatchColumns = {
  matchLines: sql<MatchedLine[]>`(
    select coalesce(json_agg(json_build_object('id', l.id, 'lineId', l.line_id, 'amount', l.amount, 'serviceType', l.service_type,
      'issueDate', l.issue_date, 'status', m.status, 'matchId', m.group_id) order by l.id, m.group_id), '[]'::json)
    from matches m join statement_lines l on l.id = m.statement_line_id
    where m.undone_at is null and m.group_id in (${heldGroups}))`.mapWith((v) => parseJson<MatchedLine[]>(v)),
  openBreaks: sql<OpenBreak[]>`(
    select coalesce(json_agg(json_build_object('code', b.code, 'details', b.details, 'statementLineId', b.statement_line_id)
      order by b.code, b.id), '[]'::json)
    from (select b1.id from recon_breaks b1 where b1.resolved_at is null and b1.invoice_id = ${invoices.id}
          union
          select b2.id from matches g
          join matches m on m.group_id = g.group_id and m.undone_at is null
          join recon_breaks b2 on b2.statement_line_id = m.statement_line_id and b2.resolved_at is null
          where g.invoice_id = ${invoices.id} and g.undone_at is null and g.status <> 'rejected') open
    join recon_breaks b on b.id = open.id)`.mapWith((v) => parseJson<OpenBreak[]>(v)),
};

/** json columns arrive parsed from postgres-js and as text from some drivers. */
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * The invoice's reconciliation state: its status, the part counted as intelligent compute, the statement
 * lines its match holds, and open breaks.
 */
export function invoiceMatch(row: InvoiceRow, matchLines: MatchedLine[], openBreaks: OpenBreak[]) {
  return {
    status: row.matchStatus as 'matched' | 'unmatched' | 'mismatch',
    verified: row.verified,
    // The part of the total its statement lines classify as intelligent compute; null while not verified.
    intelligentAmount: row.verified && row.intelligentAmount !== null ? formatYuan(row.intelligentAmount) : null,
    statementLines: matchLines.map((l) => ({ ...l, amount: formatYuan(Number(l.amount)) })),
    breaks: openBreaks,
  };
}
