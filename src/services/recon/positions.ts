import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { computePositions } from '../../db/schema/index.js';
import { maxDate, type IsoDate } from '../../domain/dates.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { computeSpendPosition, type ComputeSpendPosition } from '../../rules/index.js';
import { purchaseRules } from '../../rules/compute-subsidy.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import { loadParameterSet } from '../policy/index.js';
import { loadComputePurchases, type LoadedPurchase } from './purchases.js';

/** Marks a position that must be recomputed before it is read again. */
const STALE = 'stale';

export type PositionRow = typeof computePositions.$inferSelect;

/**
 * The parameter values a year position depends on, as in force on `asOf`: a stored position computed with
 * other values (an administrator's change, or a dated value that has since come into force) is out of date.
 */
export function positionBasis(params: ParameterSet, year: number, asOf: IsoDate): string {
  const on = maxDate(asOf, params.firstDayAllInForce());
  const { rules } = purchaseRules(year, params, on);
  const values = { rules, threshold: params.fen('compute.threshold', on).value, rate: params.rate('compute.rate', on).value };
  return createHash('sha256').update(canonicalJson(values)).digest('hex').slice(0, 32);
}

interface Computed {
  position: ComputeSpendPosition;
  purchases: LoadedPurchase[];
}

async function computeYear(db: Queryable, uscc: string, year: number, params: ParameterSet, asOf: IsoDate): Promise<Computed> {
  const purchases = await loadComputePurchases(db, uscc, year);
  return { position: computeSpendPosition(purchases.map((p) => p.facts), year, params, asOf), purchases };
}

/** What each invoice of the year adds, and why it is left out: the columns the paged lists read. */
function invoiceOutcomes({ position, purchases }: Computed) {
  return position.outcomes.map((o, i) => ({ id: purchases[i]!.invoiceId, counted: o.counted, exclusions: o.exclusions }));
}

/**
 * Recomputes an enterprise's year position from its purchases and stores it: the totals in
 * compute_positions, each invoice's part in its own columns (only rows whose part changed are written).
 */
export async function storePosition(tx: Tx, uscc: string, year: number, params: ParameterSet, asOf: IsoDate): Promise<PositionRow> {
  const computed = await computeYear(tx, uscc, year, params, asOf);
  const outcomes = invoiceOutcomes(computed);
  const json = JSON.stringify(outcomes);
  await tx.execute(sql`
    update invoices set position_year = ${year}, counted_amount = x.counted, exclusions = x.exclusions
    from json_to_recordset(${json}::json) as x(id text, counted bigint, exclusions jsonb)
    where invoices.id = x.id
      and (invoices.position_year, invoices.counted_amount, invoices.exclusions) is distinct from (${year}, x.counted, x.exclusions)`);
  // Invoices that left the year (a red invoice now netted into another year's purchase) drop out of it.
  await tx.execute(sql`
    update invoices set position_year = null, counted_amount = null, exclusions = null
    where enterprise_uscc = ${uscc} and position_year = ${year}
      and id not in (select value from json_array_elements_text(${JSON.stringify(outcomes.map((o) => o.id))}::json))`);
  const { position } = computed;
  const values = {
    basis: positionBasis(params, year, asOf),
    verifiedSpend: position.verifiedSpend,
    eligibleSpend: position.eligibleSpend,
    countedInvoices: outcomes.filter((o) => o.exclusions.length === 0).length,
    excludedInvoices: outcomes.filter((o) => o.exclusions.length > 0).length,
    computedAt: new Date(),
  };
  const [row] = await tx
    .insert(computePositions)
    .values({ uscc, year, ...values })
    .onConflictDoUpdate({ target: [computePositions.uscc, computePositions.year], set: values })
    .returning();
  return row!;
}

/**
 * Brings one enterprise-year up to date now, in the caller's transaction, with the parameters as stored:
 * for changes that decide which copy of an invoice counts (a claim freezing or releasing its invoices).
 */
export async function refreshPosition(tx: Tx, uscc: string, year: number, asOf: IsoDate): Promise<PositionRow> {
  return storePosition(tx, uscc, year, await loadParameterSet(tx), asOf);
}

/** Marks every stored year position of these enterprises out of date: something their purchases depend on changed. */
export async function markPositionsStale(db: Queryable, usccs: readonly string[]): Promise<void> {
  if (usccs.length === 0) return;
  await db.update(computePositions).set({ basis: STALE }).where(inArray(computePositions.uscc, [...new Set(usccs)]));
}

/**
 * Marks stale the positions a matching run must bring up to date. A run for named enterprises follows every
 * parse, statement and finance decision that touches them, so all of their positions are recomputed: an
 * invoice whose parse committed while a position was being computed is then counted however the two
 * interleaved. A run over everything (an administrator's re-match) marks only the enterprises with an
 * invoice parsed in the ten minutes before their position was computed, or after.
 */
export async function markForRun(tx: Tx, usccs: readonly string[] | 'all'): Promise<void> {
  if (usccs !== 'all') {
    await markPositionsStale(tx, usccs);
    return;
  }
  await tx.execute(sql`
    update compute_positions p set basis = ${STALE}
    where p.basis <> ${STALE}
      and exists (select 1 from invoices i where i.enterprise_uscc = p.uscc and i.parsed_at > p.computed_at - interval '10 minutes')`);
}

/**
 * Brings the out-of-date positions of these enterprises (or of all) up to date, in the caller's transaction:
 * a matching run calls it after storing its outcome, so a position is current once the run commits.
 */
export async function refreshStalePositions(tx: Tx, usccs: readonly string[] | 'all', params: ParameterSet, asOf: IsoDate): Promise<number> {
  const rows = await tx
    .select({ uscc: computePositions.uscc, year: computePositions.year })
    .from(computePositions)
    .where(and(eq(computePositions.basis, STALE), usccs === 'all' ? undefined : inArray(computePositions.uscc, [...usccs, ''])));
  for (const r of rows) await storePosition(tx, r.uscc, r.year, params, asOf);
  return rows.length;
}

/** The stored position if it is current for the parameters in force on `asOf`; null when it must be recomputed. */
export async function currentPosition(db: Queryable, uscc: string, year: number, params: ParameterSet, asOf: IsoDate): Promise<PositionRow | null> {
  const [row] = await db.select().from(computePositions).where(and(eq(computePositions.uscc, uscc), eq(computePositions.year, year))).limit(1);
  return row && row.basis === positionBasis(params, year, asOf) ? row : null;
}

export interface PositionMismatch {
  uscc: string;
  year: number;
  field: string;
  stored: unknown;
  recomputed: unknown;
}

/**
 * Recomputes every stored, current position from scratch and compares it with what is stored, totals and
 * each invoice's part: the check that maintaining positions never drifts from recomputing them. Positions
 * still waiting for their matching run (or computed with parameter values no longer in force) are counted
 * as `awaitingRefresh`, not compared: with no job pending there should be none.
 */
export async function verifyPositions(
  db: Queryable,
  params: ParameterSet,
  asOf: IsoDate,
): Promise<{ checked: number; awaitingRefresh: number; mismatches: PositionMismatch[] }> {
  const rows = await db.select().from(computePositions);
  const mismatches: PositionMismatch[] = [];
  let checked = 0;
  let awaitingRefresh = 0;
  for (const row of rows) {
    if (row.basis !== positionBasis(params, row.year, asOf)) {
      awaitingRefresh++;
      continue;
    }
    checked++;
    const computed = await computeYear(db, row.uscc, row.year, params, asOf);
    const outcomes = invoiceOutcomes(computed);
    const totals: [string, unknown, unknown][] = [
      ['verifiedSpend', row.verifiedSpend, computed.position.verifiedSpend],
      ['eligibleSpend', row.eligibleSpend, computed.position.eligibleSpend],
      ['countedInvoices', row.countedInvoices, outcomes.filter((o) => o.exclusions.length === 0).length],
      ['excludedInvoices', row.excludedInvoices, outcomes.filter((o) => o.exclusions.length > 0).length],
    ];
    for (const [field, stored, recomputed] of totals) if (stored !== recomputed) mismatches.push({ uscc: row.uscc, year: row.year, field, stored, recomputed });
    const storedParts = new Map(
      rowsOf<{ id: string; counted: number | string | null; exclusions: unknown }>(
        await db.execute(sql`select id, counted_amount as counted, exclusions from invoices where enterprise_uscc = ${row.uscc} and position_year = ${row.year}`),
      ).map((r) => [r.id, { counted: r.counted === null ? null : Number(r.counted), exclusions: r.exclusions }]),
    );
    for (const o of outcomes) {
      const s = storedParts.get(o.id);
      storedParts.delete(o.id);
      if (!s || s.counted !== o.counted || canonicalJson(s.exclusions) !== canonicalJson(o.exclusions)) {
        mismatches.push({ uscc: row.uscc, year: row.year, field: `invoice ${o.id}`, stored: s ?? null, recomputed: { counted: o.counted, exclusions: o.exclusions } });
      }
    }
    for (const [id, s] of storedParts) mismatches.push({ uscc: row.uscc, year: row.year, field: `invoice ${id}`, stored: s, recomputed: null });
  }
  return { checked, awaitingRefresh, mismatches };
}
