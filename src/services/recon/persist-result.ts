import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { newId } from '../../domain/ids.js';
import type { MatchGroup, ReconBreak, ReconResult, ReconLine, ReconInvoice } from '../../recon/index.js';
import { noteTouched, withDeferredMatchedRefresh, type TouchedMatches } from './matched-invoice.js';

const CHUNK = 10_000;

async function insertJson(tx: Tx, rows: unknown[], insert: (json: string) => ReturnType<typeof sql>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.execute(insert(JSON.stringify(rows.slice(i, i + CHUNK))));
}

const json = (list: readonly (string | number)[]) => JSON.stringify(list);
const groupKey = (status: string, shape: string, invoiceIds: readonly string[], lineIds: readonly number[]) =>
  `${status}|${shape}|${[...invoiceIds].sort().join(',')}|${[...lineIds].sort((a, b) => a - b).join(',')}`;
const breakKey = (b: { code: string; invoiceId?: string | null; lineId?: number | null; details: unknown }) =>
  `${b.code}|${b.invoiceId ?? ''}|${b.lineId ?? ''}|${canonicalJson(b.details)}`;

/**
 * Brings the stored outcome of a run's invoices and lines in line with the engine's result, writing only
 * what changed: engine matches (matched, proposed) and breaks are compared by content, invoice outcomes by
 * value, so re-running on unchanged data writes nothing. Finance's decisions stay; those that lapsed (their
 * line was corrected away) are undone.
 */
export async function persistResult(tx: Tx, invoices: ReconInvoice[], lines: ReconLine[], result: ReconResult): Promise<void> {
  // Nothing in scope (a full run over settled data): no stored match, break or outcome can name it.
  if (invoices.length === 0 && lines.length === 0) return;
  const invoiceIds = json(invoices.map((i) => i.id));
  const lineIds = json(lines.map((l) => l.id));
  await withDeferredMatchedRefresh(tx, async (touched) => {
    await syncMatches(tx, invoiceIds, lineIds, result, touched);
    const lapsed = result.lapsedDecisions.flatMap((d) => [...d.invoiceIds]);
    if (lapsed.length > 0) {
      noteTouched(touched, rowsOf(await tx.execute(sql`
        update matches set undone_at = now(), reason = coalesce(reason, '') || ' (lapsed: its statement line changed)'
        where undone_at is null and status in ('confirmed', 'manual') and invoice_id in (select value from json_array_elements_text(${json(lapsed)}::json))
        returning invoice_id, statement_line_id, group_id`)));
    }
  });
  await syncBreaks(tx, invoiceIds, lineIds, invoices, lines, result.breaks);
  await updateOutcomes(tx, result);
}

async function syncMatches(tx: Tx, invoiceIds: string, lineIds: string, result: ReconResult, touched: TouchedMatches): Promise<void> {
  const existing = rowsOf<{ group_id: string; status: string; shape: string; invoice_ids: string[] | null; line_ids: (number | string)[] | null }>(
    await tx.execute(sql`
      select group_id, min(status) as status, min(shape) as shape,
             array_agg(invoice_id) filter (where invoice_id is not null) as invoice_ids,
             array_agg(statement_line_id) filter (where statement_line_id is not null) as line_ids
      from matches
      where status in ('matched', 'proposed') and group_id in (
        select group_id from matches where invoice_id in (select value from json_array_elements_text(${invoiceIds}::json))
        union select group_id from matches where statement_line_id in (select value::bigint from json_array_elements_text(${lineIds}::json)))
      group by group_id`),
  );
  const wanted = new Map<string, MatchGroup>();
  for (let k = 0; k < result.matchCount; k++) {
    const status = result.matchStatus(k);
    if (status !== 'matched' && status !== 'proposed') continue;
    const g = result.match(k);
    wanted.set(groupKey(g.status, g.shape, g.invoiceIds, g.lineIds), g);
  }
  const stale: string[] = [];
  for (const e of existing) {
    const key = groupKey(e.status, e.shape, e.invoice_ids ?? [], (e.line_ids ?? []).map(Number));
    if (wanted.has(key)) wanted.delete(key);
    else stale.push(e.group_id);
  }
  if (stale.length) {
    noteTouched(touched, rowsOf(await tx.execute(sql`
      delete from matches where group_id in (select value from json_array_elements_text(${json(stale)}::json))
      returning invoice_id, statement_line_id, group_id`)));
  }

  const rows: { id: string; groupId: string; invoiceId: string | null; lineId: number | null; status: string; shape: string; score: number | null }[] = [];
  for (const g of wanted.values()) {
    const groupId = newId('mat');
    const common = { groupId, status: g.status, shape: g.shape, score: g.score ?? null };
    for (const invoiceId of g.invoiceIds) rows.push({ ...common, id: newId('mrw'), invoiceId, lineId: null });
    for (const lineId of g.lineIds) rows.push({ ...common, id: newId('mrw'), invoiceId: null, lineId });
  }
  noteTouched(touched, rows.map((r) => ({ invoice_id: r.invoiceId, statement_line_id: r.lineId, group_id: r.groupId })));
  await insertJson(tx, rows, (j) => sql`
    insert into matches (id, group_id, invoice_id, statement_line_id, status, shape, score, actor)
    select x.id, x."groupId", x."invoiceId", x."lineId", x.status, x.shape, x.score, 'job:recon'
    from json_to_recordset(${j}::json) as x(id text, "groupId" text, "invoiceId" text, "lineId" bigint, status text, shape text, score int)`);
}

async function syncBreaks(tx: Tx, invoiceIds: string, lineIds: string, invoices: ReconInvoice[], lines: ReconLine[], breaks: ReconBreak[]): Promise<void> {
  const existing = rowsOf<{ id: string; code: string; invoice_id: string | null; statement_line_id: number | string | null; details: unknown }>(
    await tx.execute(sql`
      select id, code, invoice_id, statement_line_id, details from recon_breaks where resolved_at is null and (
        invoice_id in (select value from json_array_elements_text(${invoiceIds}::json))
        or statement_line_id in (select value::bigint from json_array_elements_text(${lineIds}::json)))`),
  );
  const wanted = new Map(breaks.map((b) => [breakKey(b), b]));
  const stale: string[] = [];
  for (const e of existing) {
    const key = breakKey({ code: e.code, invoiceId: e.invoice_id, lineId: e.statement_line_id === null ? null : Number(e.statement_line_id), details: e.details });
    if (wanted.has(key)) wanted.delete(key);
    else stale.push(e.id);
  }
  if (stale.length) await tx.execute(sql`delete from recon_breaks where id in (select value from json_array_elements_text(${json(stale)}::json))`);
  const lineCustomer = new Map(lines.map((l) => [l.id, l.customerUscc]));
  const invoiceOwner = new Map(invoices.map((i) => [i.id, i.enterpriseUscc]));
  const rows = [...wanted.values()].map((b) => ({
    id: newId('brk'),
    code: b.code,
    invoiceId: b.invoiceId ?? null,
    lineId: b.lineId ?? null,
    uscc: (b.invoiceId ? invoiceOwner.get(b.invoiceId) : undefined) ?? (b.lineId !== undefined ? lineCustomer.get(b.lineId) : undefined) ?? null,
    details: b.details,
  }));
  await insertJson(tx, rows, (j) => sql`
    insert into recon_breaks (id, code, enterprise_uscc, invoice_id, statement_line_id, details)
    select x.id, x.code, x.uscc, x."invoiceId", x."lineId", x.details
    from json_to_recordset(${j}::json) as x(id text, code text, uscc text, "invoiceId" text, "lineId" bigint, details jsonb)`);
}

async function updateOutcomes(tx: Tx, result: ReconResult): Promise<void> {
  // Read from the result's columns: one row per invoice, without building its outcome objects. The
  // intelligent amount is written with the verdict it belongs to, so it is null whenever `verified` is false.
  const rows = Array.from({ length: result.invoiceCount }, (_, i) => ({
    id: result.invoiceId(i),
    status: result.invoiceStatus(i),
    verified: result.isVerified(i),
    serviceType: result.serviceTypeOf(i),
    intelligentAmount: result.intelligentAmountOf(i),
  }));
  // An enterprise whose verified purchases changed has its year positions marked for recomputing.
  await insertJson(tx, rows, (j) => sql`
    with changed as (
      update invoices set match_status = x.status, verified = x.verified, verified_service_type = x."serviceType",
        intelligent_amount = x."intelligentAmount"
      from json_to_recordset(${j}::json) as x(id text, status text, verified boolean, "serviceType" text, "intelligentAmount" bigint)
      where invoices.id = x.id
        and (invoices.match_status, invoices.verified, invoices.verified_service_type, invoices.intelligent_amount)
          is distinct from (x.status, x.verified, x."serviceType", x."intelligentAmount")
      returning invoices.enterprise_uscc)
    update compute_positions set basis = 'stale' where uscc in (select enterprise_uscc from changed)`);
}
