import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { newId } from '../../domain/ids.js';
import type { ReconResult, ReconLine, ReconInvoice } from '../../recon/index.js';

const CHUNK = 10_000;

async function insertJson(tx: Tx, rows: unknown[], insert: (json: string) => ReturnType<typeof sql>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.execute(insert(JSON.stringify(rows.slice(i, i + CHUNK))));
}

const ids = (list: readonly { id: string | number }[]) => JSON.stringify(list.map((x) => x.id));

/**
 * Replaces what the engine decided for the invoices and lines of a run: its own matches (matched,
 * proposed), the breaks, and each invoice's outcome. Finance's decisions stay; those that lapsed (their
 * line was corrected away) are undone. Bulk statements, one JSON parameter per chunk.
 */
export async function persistResult(tx: Tx, invoices: ReconInvoice[], lines: ReconLine[], result: ReconResult): Promise<void> {
  const invoiceIds = ids(invoices);
  const lineIds = ids(lines);
  await tx.execute(sql`
    delete from matches where status in ('matched', 'proposed') and (
      invoice_id in (select value from json_array_elements_text(${invoiceIds}::json))
      or statement_line_id in (select value::bigint from json_array_elements_text(${lineIds}::json)))`);
  await tx.execute(sql`
    delete from recon_breaks where resolved_at is null and (
      invoice_id in (select value from json_array_elements_text(${invoiceIds}::json))
      or statement_line_id in (select value::bigint from json_array_elements_text(${lineIds}::json)))`);

  const matchRows: { id: string; groupId: string; invoiceId: string | null; lineId: number | null; status: string; shape: string; score: number | null }[] = [];
  for (const g of result.matches) {
    if (g.status !== 'matched' && g.status !== 'proposed') continue;
    const groupId = newId('mat');
    for (const invoiceId of g.invoiceIds) matchRows.push({ id: newId('mrw'), groupId, invoiceId, lineId: null, status: g.status, shape: g.shape, score: g.score ?? null });
    for (const lineId of g.lineIds) matchRows.push({ id: newId('mrw'), groupId, invoiceId: null, lineId, status: g.status, shape: g.shape, score: g.score ?? null });
  }
  await insertJson(tx, matchRows, (json) => sql`
    insert into matches (id, group_id, invoice_id, statement_line_id, status, shape, score, actor)
    select x.id, x."groupId", x."invoiceId", x."lineId", x.status, x.shape, x.score, 'job:recon'
    from json_to_recordset(${json}::json) as x(id text, "groupId" text, "invoiceId" text, "lineId" bigint, status text, shape text, score int)`);

  const lineCustomer = new Map(lines.map((l) => [l.id, l.customerUscc]));
  const invoiceOwner = new Map(invoices.map((i) => [i.id, i.enterpriseUscc]));
  const breakRows = result.breaks.map((b) => ({
    id: newId('brk'),
    code: b.code,
    invoiceId: b.invoiceId ?? null,
    lineId: b.lineId ?? null,
    uscc: (b.invoiceId ? invoiceOwner.get(b.invoiceId) : undefined) ?? (b.lineId !== undefined ? lineCustomer.get(b.lineId) : undefined) ?? null,
    details: b.details,
  }));
  await insertJson(tx, breakRows, (json) => sql`
    insert into recon_breaks (id, code, enterprise_uscc, invoice_id, statement_line_id, details)
    select x.id, x.code, x.uscc, x."invoiceId", x."lineId", x.details
    from json_to_recordset(${json}::json) as x(id text, code text, uscc text, "invoiceId" text, "lineId" bigint, details jsonb)`);

  const serviceOf = new Map(lines.map((l) => [l.id, l.serviceType]));
  const accepted = new Map(result.matches.filter((g) => g.status === 'accepted').flatMap((g) => g.invoiceIds.map((id) => [id, g.serviceType ?? null] as const)));
  const outcomeRows = result.invoices.map((o) => ({
    id: o.invoiceId,
    status: o.status,
    verified: o.verified,
    serviceType: o.lineIds.length > 0 ? (serviceOf.get(o.lineIds[0]!) ?? null) : (accepted.get(o.invoiceId) ?? null),
  }));
  await insertJson(tx, outcomeRows, (json) => sql`
    update invoices set match_status = x.status, verified = x.verified, verified_service_type = x."serviceType"
    from json_to_recordset(${json}::json) as x(id text, status text, verified boolean, "serviceType" text)
    where invoices.id = x.id`);

  const lapsed = result.lapsedDecisions.flatMap((d) => [...d.invoiceIds]);
  if (lapsed.length > 0) {
    await tx.execute(sql`
      update matches set undone_at = now(), reason = coalesce(reason, '') || ' (lapsed: its statement line changed)'
      where undone_at is null and status in ('confirmed', 'manual') and invoice_id in (select value from json_array_elements_text(${JSON.stringify(lapsed)}::json))`);
  }
}
