import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import type { ReconDecisions, ReconInvoice, ReconLine, ServiceType } from '../../recon/index.js';
import { withHashJoins } from './planner.js';
import { SETTLED_CONTEXT, pairedRecords } from './settled-pairs.js';

/** Current-version lines, with their statement's period and provider. */
const CURRENT_LINES = sql`
  select l.id, p.uscc as "providerUscc", s.id as "statementId", v.period_start::text as "periodStart",
         v.period_end::text as "periodEnd", l.line_id as "lineId", l.customer_uscc as "customerUscc",
         l.invoice_number as "invoiceNumber", l.invoice_code as "invoiceCode", l.issue_date::text as "issueDate",
         l.amount, l.service_type as "serviceType"
  from statement_lines l
  join statement_versions v on v.id = l.version_id
  join statements s on s.id = v.statement_id and s.current_version = v.version
  join providers p on p.id = s.provider_id`;

const INVOICES = sql`
  select i.id, i.enterprise_uscc as "enterpriseUscc", coalesce(i.buyer_tax_id, '') as "buyerTaxId",
         coalesce(i.seller_tax_id, '') as "sellerTaxId", i.invoice_number as "invoiceNumber", i.invoice_code as "invoiceCode",
         i.issue_date::text as "issueDate", i.total_with_tax as "totalWithTax", coalesce(i.is_red, false) as "isRed",
         i.original_invoice_number as "originalInvoiceNumber", i.original_invoice_code as "originalInvoiceCode",
         coalesce((select array_agg(it.name order by it.line_no) from invoice_items it where it.invoice_id = i.id), '{}') as "itemNames"
  from invoices i
  where i.status = 'parsed'`;

export interface ScopeData {
  usccs: Set<string> | 'all';
  invoices: ReconInvoice[];
  lines: ReconLine[];
  /** Line–invoice pairs the database found settled and unchanged: left out of `invoices` and `lines`. */
  settled: number;
}

function toLine(r: Record<string, unknown>): ReconLine {
  return { ...(r as unknown as ReconLine), id: Number(r.id), amount: Number(r.amount), serviceType: r.serviceType as ServiceType };
}

function toInvoice(r: Record<string, unknown>): ReconInvoice {
  return { ...(r as unknown as ReconInvoice), totalWithTax: Number(r.totalWithTax), itemNames: (r.itemNames as string[]) ?? [] };
}

const MAX_ROUNDS = 6;

/**
 * Everything one matching run must see to decide the given enterprises alone: their invoices, the lines
 * billed to them or naming their invoice numbers, and — closing over those — the other enterprises those
 * lines and numbers lead to, so a run never judges a line without the invoice it names.
 */
export async function loadScope(db: Queryable, scope: string[] | 'all'): Promise<ScopeData> {
  if (scope === 'all') {
    const invoices = rowsOf<Record<string, unknown>>(await db.execute(sql`${INVOICES} order by i.id`)).map(toInvoice);
    const lines = rowsOf<Record<string, unknown>>(await db.execute(sql`${CURRENT_LINES} order by l.id`)).map(toLine);
    return { usccs: 'all', invoices, lines, settled: 0 };
  }
  const usccs = new Set(scope);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const list = JSON.stringify([...usccs]);
    const grown = rowsOf<{ uscc: string }>(
      await db.execute(sql`
        with s as (select value as uscc from json_array_elements_text(${list}::json)),
        nums as (select invoice_number from invoices where status = 'parsed' and enterprise_uscc in (select uscc from s)),
        lines as (select * from (${CURRENT_LINES}) cl where cl."customerUscc" in (select uscc from s) or cl."invoiceNumber" in (select invoice_number from nums))
        select "customerUscc" as uscc from lines
        union select enterprise_uscc from invoices where status = 'parsed'
          and (invoice_number in (select "invoiceNumber" from lines) or invoice_number in (select invoice_number from nums))`),
    );
    const before = usccs.size;
    for (const g of grown) usccs.add(g.uscc);
    if (usccs.size === before) break;
  }
  const list = JSON.stringify([...usccs]);
  const invoices = rowsOf<Record<string, unknown>>(
    await db.execute(sql`${INVOICES} and i.enterprise_uscc in (select value from json_array_elements_text(${list}::json)) order by i.id`),
  ).map(toInvoice);
  const lines = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select * from (${CURRENT_LINES}) cl
      where cl."customerUscc" in (select value from json_array_elements_text(${list}::json))
         or cl."invoiceNumber" in (select invoice_number from invoices where status = 'parsed'
              and enterprise_uscc in (select value from json_array_elements_text(${list}::json)))
      order by cl.id`),
  ).map(toLine);
  return { usccs, invoices, lines, settled: 0 };
}

const parsedJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/**
 * A full run's data: every parsed invoice and current line except the pairs the database finds settled
 * (`pairedRecords`). One query, one pass over each table: the records left to the engine arrive as JSON it
 * can take as it is, and only theirs are turned into JSON (and have their item names looked up).
 */
export async function loadUnsettled(db: Queryable, eligible: readonly ServiceType[]): Promise<ScopeData> {
  const [row] = await withHashJoins(db, async () =>
    rowsOf<{ settled: number | string; invoices: unknown; lines: unknown }>(
      await db.execute(sql`
        with ${SETTLED_CONTEXT}
        select count(*) filter (where settled) as settled,
          coalesce(json_agg(json_build_object(
              'id', iid, 'enterpriseUscc', enterprise_uscc, 'buyerTaxId', coalesce(buyer_tax_id, ''),
              'sellerTaxId', coalesce(seller_tax_id, ''), 'invoiceNumber', i_number, 'invoiceCode', i_code,
              'issueDate', i_date::text, 'totalWithTax', coalesce(total_with_tax, 0), 'isRed', coalesce(is_red, false),
              'originalInvoiceNumber', original_invoice_number, 'originalInvoiceCode', original_invoice_code,
              'itemNames', coalesce((select array_agg(it.name order by it.line_no) from invoice_items it where it.invoice_id = iid), '{}'))
            order by iid) filter (where iid is not null and not settled), '[]') as invoices,
          coalesce(json_agg(json_build_object(
              'id', lid, 'providerUscc', "providerUscc", 'statementId', "statementId", 'periodStart', period_start::text,
              'periodEnd', period_end::text, 'lineId', line_id, 'customerUscc', customer_uscc, 'invoiceNumber', l_number,
              'invoiceCode', l_code, 'issueDate', l_date::text, 'amount', amount, 'serviceType', service_type)
            order by lid) filter (where lid is not null and not settled), '[]') as lines
        from (${pairedRecords(eligible)}) x`),
    ),
  );
  return {
    usccs: 'all',
    invoices: parsedJson<ReconInvoice[]>(row!.invoices),
    lines: parsedJson<ReconLine[]>(row!.lines),
    settled: Number(row!.settled),
  };
}

/** Finance's standing decisions on the invoices and lines of a scope. */
export async function loadDecisions(db: Queryable, invoiceIds: string[], lineIds: number[]): Promise<ReconDecisions> {
  // A full run over settled data has nothing left to decide on; and the two lookups are a union, since an
  // OR across two indexed columns makes the planner read every match.
  if (invoiceIds.length === 0 && lineIds.length === 0) return { confirmed: [], manual: [], accepted: [], rejected: [] };
  const rows = rowsOf<{ group_id: string; status: string; invoice_id: string | null; statement_line_id: number | null; reason: string | null; service_type: string | null }>(
    await db.execute(sql`
      select group_id, status, invoice_id, statement_line_id, reason, service_type from matches
      where undone_at is null and status in ('confirmed', 'manual', 'accepted', 'rejected')
        and group_id in (
          select group_id from matches where invoice_id in (select value from json_array_elements_text(${JSON.stringify(invoiceIds)}::json))
          union select group_id from matches where statement_line_id in (select value::bigint from json_array_elements_text(${JSON.stringify(lineIds)}::json)))
      order by group_id`),
  );
  const groups = new Map<string, { status: string; invoiceIds: Set<string>; lineIds: Set<number>; reason: string | null; serviceType: string | null }>();
  for (const r of rows) {
    const g = groups.get(r.group_id) ?? { status: r.status, invoiceIds: new Set(), lineIds: new Set(), reason: r.reason, serviceType: r.service_type };
    if (r.invoice_id) g.invoiceIds.add(r.invoice_id);
    if (r.statement_line_id !== null) g.lineIds.add(Number(r.statement_line_id));
    groups.set(r.group_id, g);
  }
  const decisions: { confirmed: ReconDecisions['confirmed'][number][]; manual: ReconDecisions['manual'][number][]; accepted: ReconDecisions['accepted'][number][]; rejected: ReconDecisions['rejected'][number][] } = {
    confirmed: [],
    manual: [],
    accepted: [],
    rejected: [],
  };
  for (const g of groups.values()) {
    const group = { invoiceIds: [...g.invoiceIds], lineIds: [...g.lineIds] };
    if (g.status === 'confirmed') decisions.confirmed.push(group);
    else if (g.status === 'manual') decisions.manual.push(group);
    else if (g.status === 'accepted') {
      for (const invoiceId of g.invoiceIds) decisions.accepted.push({ invoiceId, reason: g.reason ?? '', ...(g.serviceType ? { serviceType: g.serviceType as ServiceType } : {}) });
    } else if (g.status === 'rejected') {
      for (const invoiceId of g.invoiceIds) for (const lineId of g.lineIds) decisions.rejected.push({ invoiceId, lineId });
    }
  }
  return decisions;
}
