import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { newId } from '../../domain/ids.js';
import type { FraudInvoice } from '../../recon/index.js';
import { detectFraudSignals } from '../../recon/fraud-signals.js';
import type { ParameterSet } from '../../rules/index.js';
import { withHashJoins } from './planner.js';

export interface FraudScanCount {
  /** Signals the scope shows, raised now or before. */
  found: number;
  /** Of those, the ones this scan raised for the first time. */
  added: number;
}

/**
 * The invoices of a scope that can take part in a signal, found by the database so a run does not read every
 * invoice to raise none. Each detector works on whole groups, and this keeps whole groups: every holder of an
 * identity held by two enterprises; every purchase where the seller is the claimant, its buyer or a declared
 * related party (all of them, so totals are whole); and every invoice of a (claimant, seller, buyer, code)
 * series that holds two consecutive numbers. A series without such a pair can hold no run of two or more;
 * a minimum run of one would make every invoice a run, so then the series are taken whole.
 */
function candidates(scope: Set<string> | 'all', minRun: number) {
  const inScope = scope === 'all' ? sql`true` : sql`enterprise_uscc in (select value from json_array_elements_text(${JSON.stringify([...scope])}::json))`;
  // The join on the next number alone (the rest as a filter) hashes one value per invoice, not five.
  const runs = minRun <= 1 ? sql`select e, s, b, c from si where not red and n ~ '^[0-9]+$' group by 1, 2, 3, 4` : sql`
    select distinct x.e, x.s, x.b, x.c from numbered x
    join numbered y on y.nn = x.nn + 1 and y.e = x.e and y.s = x.s and y.b = x.b and y.c = x.c`;
  // Holders of one identity are looked for only among numbers uploaded twice, found in the order of the
  // number index (a grouping that compares neighbours, no hash of every invoice): counting distinct holders
  // sorts its input, and that input is then a handful of rows. Declared related parties are joined both
  // ways round, so no per-invoice subquery runs.
  return sql`
    with si as materialized (
      select id, enterprise_uscc as e, coalesce(seller_tax_id, '') as s, coalesce(buyer_tax_id, '') as b,
             invoice_number as n, coalesce(invoice_code, '') as c, coalesce(is_red, false) as red
      from invoices where status = 'parsed' and ${inScope}),
    numbered as (select e, s, b, c, (case when n ~ '^[0-9]+$' then n::numeric end) as nn from si where not red and n ~ '^[0-9]+$'),
    shared as (
      select s, c, n from si
      where n in (select invoice_number from invoices where invoice_number is not null group by invoice_number having count(*) > 1)
      group by 1, 2, 3 having count(distinct e) > 1),
    series as (${runs}),
    related as (select uscc_a as x, uscc_b as y from related_parties union select uscc_b, uscc_a from related_parties),
    picked as (
      select id from si where s = b or s = e
      union select si.id from si join related r on r.x = si.s and r.y = si.e
      union select si.id from si join related r on r.x = si.s and r.y = si.b
      union select si.id from si join shared x on x.s = si.s and x.c = si.c and x.n = si.n
      union select si.id from si join series x on x.e = si.e and x.s = si.s and x.b = si.b and x.c = si.c)
    select i.id, i.enterprise_uscc as "enterpriseUscc", coalesce(i.buyer_tax_id, '') as "buyerTaxId",
           coalesce(i.seller_tax_id, '') as "sellerTaxId", i.invoice_number as "invoiceNumber", i.invoice_code as "invoiceCode",
           i.issue_date::text as "issueDate", coalesce(i.total_with_tax, 0) as "totalWithTax", coalesce(i.is_red, false) as "isRed",
           i.original_invoice_number as "originalInvoiceNumber", i.original_invoice_code as "originalInvoiceCode"
    from invoices i where i.id in (select id from picked)
    order by i.id`;
}

/**
 * Raises the fraud signals the invoices of a run's scope show (one invoice in two claims, self-dealing,
 * declared related parties, runs of consecutive numbers) for review. Signals are not findings; a signal
 * already raised stays as it is. Reads only invoices and declared related parties, never matching outcomes.
 * Returns how many signals the scope shows and how many of them are new.
 */
export async function raiseFraudSignals(tx: Tx, scope: Set<string> | 'all', params: ParameterSet, on: string): Promise<FraudScanCount> {
  const minRun = params.whole('fraud.minConsecutiveRun', on).value;
  // A scoped run reads a few enterprises by index; only a run over everything reads whole tables.
  const query = () => tx.execute(candidates(scope, minRun));
  const invoices = rowsOf<Record<string, unknown>>(await (scope === 'all' ? withHashJoins(tx, query) : query())).map(
    (r) => ({ ...r, totalWithTax: Number(r.totalWithTax) }) as unknown as FraudInvoice,
  );
  if (invoices.length === 0) return { found: 0, added: 0 };
  const relatedPairs = rowsOf<{ a: string; b: string; note: string | null }>(
    await tx.execute(sql`select uscc_a as a, uscc_b as b, note from related_parties`),
  ).map((r) => ({ a: r.a, b: r.b, ...(r.note ? { note: r.note } : {}) }));
  const signals = detectFraudSignals({ invoices, relatedPairs, params: { minConsecutiveRun: minRun } });
  if (signals.length === 0) return { found: 0, added: 0 };
  const rows = signals.map((s) => ({ id: newId('sig'), kind: s.kind, uscc: s.uscc, invoiceId: s.invoiceIds[0] ?? null, details: { ...s.details, invoiceIds: s.invoiceIds } }));
  const [inserted] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with added as (
        insert into fraud_signals (id, kind, uscc, invoice_id, details)
        select x.id, x.kind, x.uscc, x."invoiceId", x.details
        from json_to_recordset(${JSON.stringify(rows)}::json) as x(id text, kind text, uscc text, "invoiceId" text, details jsonb)
        on conflict (kind, uscc, invoice_id) do nothing
        returning 1)
      select count(*)::int as n from added`),
  );
  return { found: signals.length, added: Number(inserted?.n ?? 0) };
}
