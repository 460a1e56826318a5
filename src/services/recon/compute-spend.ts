import { PARAMETERS_DIGEST } from '../policy/policy-digest.js';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import { maxDate } from '../../domain/dates.js';
import { formatYuan, type Fen } from '../../domain/money.js';
import { notFound } from '../errors.js';
import { subsidyArithmetic } from '../../rules/compute-subsidy.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { AWARDED_STATES } from '../../workflow/index.js';
import { RECON_LOCK } from './locks.js';
import { currentPosition, positionBasis, storePosition, type PositionRow } from './positions.js';
import { etagOf, RenderedCache, type Rendered } from './rendered-cache.js';
import { invoiceKey } from './purchases.js';

/** A page of the counted and the excluded invoice lists; an enterprise may hold tens of thousands. */
export const SPEND_PAGE_DEFAULT = 100;
export const SPEND_PAGE_MAX = 10_000;

export const ComputeSpendQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  limit: z.coerce.number().int().min(1).max(SPEND_PAGE_MAX).default(SPEND_PAGE_DEFAULT),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ComputeSpendPage = Pick<z.infer<typeof ComputeSpendQuery>, 'limit' | 'offset'>;

/** What a rendered response is kept by: 32 MB of JSON across every enterprise, year and page asked for. */
const rendered = new RenderedCache<ComputeSpendView>(32 * 1024 * 1024);

/** For tests and the status of the process: how often a read was served from a rendered response. */
export function computeSpendCacheStats() {
  return { hits: rendered.hits, misses: rendered.misses, entries: rendered.size, storedBytes: rendered.storedBytes };
}

/** Drops every rendered response: the next read of each renders it again from the database. */
export function forgetRenderedComputeSpend(): void {
  rendered.clear();
}

export type ComputeSpendView = ReturnType<typeof spendView>;

/**
 * The enterprise's running position for a year: verified and eligible spend, progress to the threshold, the
 * year's subsidy, what earlier claims were awarded and what a claim made now would receive — the same
 * arithmetic over the same purchases a claim is decided with — and the invoices counted or excluded
 * with their reasons — one page of each list (the same offset and limit), with both totals. The figures
 * always cover every invoice; only the lists are paged. The position is maintained (positions.ts): a
 * read costs one row, and a page only the first time it is asked for in its current state.
 */
export async function getComputeSpend(ctx: ServiceContext, uscc: string, year: number, page: ComputeSpendPage = { limit: SPEND_PAGE_DEFAULT, offset: 0 }): Promise<ComputeSpendView> {
  const r = await renderComputeSpend(ctx, uscc, year, page);
  if (r.notModified) throw new Error('unreachable: no entity tag was given');
  return r.view;
}

/**
 * The response as served: JSON and its entity tag, or only the tag (`notModified`) when the caller
 * already holds it. Every read costs one statement (spendState) whose result names everything the
 * response is built from; the response is rendered when that name is new and kept for the next read.
 */
export async function renderComputeSpend(
  ctx: ServiceContext,
  uscc: string,
  year: number,
  page: ComputeSpendPage,
  ifNoneMatch?: string,
): Promise<{ notModified: true; etag: string } | ({ notModified: false } & Rendered<ComputeSpendView>)> {
  const p = assertRole(ctx);
  const asOf = shanghaiDate(ctx.clock());
  // A second pass only after the position was recomputed: its new row is then read as the key.
  for (let pass = 0; ; pass++) {
    const state = await spendState(ctx.db, uscc, year);
    if (!state || !canSeeEnterprise(p, uscc, state.office)) throw notFound('enterprise');
    const key = state.position ? spendKey(uscc, year, page, asOf, state, state.position) : null;
    if (key) {
      const etag = etagOf(key);
      if (ifNoneMatch !== undefined && ifNoneMatch === etag) return { notModified: true, etag };
      const kept = rendered.get(key);
      if (kept) return { notModified: false, ...kept };
    }
    const params = await loadParameterSet(ctx.db);
    const current = state.position && state.position.basis === positionBasis(params, year, asOf) ? state.position : null;
    if (!current && pass === 0) {
      await maintainPosition(ctx.db, uscc, year, params, asOf);
      continue;
    }
    // Built from the figures read with the key, so an entry's figures are those its key names; the pages are
    // read after it, and if a change committed in between, the key it is kept by is never read again.
    const view = spendView(uscc, year, asOf, params, current ?? (await maintainPosition(ctx.db, uscc, year, params, asOf)), state.awarded, {
      page,
      invoices: await positionPage(ctx.db, uscc, year, 'counted', page),
      excluded: await positionPage(ctx.db, uscc, year, 'excluded', page),
    });
    const json = JSON.stringify(view);
    // A position that was not current when the key was read (recomputed since by this very read) is not kept.
    if (!key || !current) return { notModified: false, view, json, etag: etagOf(`unkept:${json}`) };
    const entry = { view: deepFreeze(view), json, etag: etagOf(key) };
    rendered.set(key, entry);
    return { notModified: false, ...entry };
  }
}

interface SpendPosition {
  version: string;
  computedAt: string;
  basis: string;
  verifiedSpend: Fen;
  eligibleSpend: Fen;
  countedInvoices: number;
  excludedInvoices: number;
}

interface SpendState {
  office: string | null;
  parameters: string;
  awarded: Fen;
  position: SpendPosition | null;
}

/**
 * Everything a compute-spend response depends on, in one statement: the enterprise (it exists, and whose
 * office sees it), a digest of the administrators' parameter values (as policy-digest.ts computes it), the
 * stored position with its row version, and the compute subsidy awarded for the year.
 *
 * The row version (`xmin`, the transaction that wrote the row) changes with every write of the position,
 * and every change the pages show is written in the same transaction as the position: a matching run marks
 * it stale in the statement that changes the invoices' verdicts, storePosition rewrites the invoices'
 * parts with it, and a claim that freezes or releases invoices stores it again (positions.ts,
 * compute-claim.ts). A parse writes an invoice no position holds yet (its year is set by the next store).
 */
async function spendState(db: Db, uscc: string, year: number): Promise<SpendState | null> {
  const [row] = rowsOf<{
    office: string | null;
    parameters: string;
    awarded: number | string;
    version: string | null;
    computed_at: string | null;
    basis: string | null;
    verified_spend: number | string | null;
    eligible_spend: number | string | null;
    counted_invoices: number | null;
    excluded_invoices: number | null;
  }>(
    await db.execute(sql`
      select e.office,
        ${PARAMETERS_DIGEST} as parameters,
        (select coalesce(sum(a.amount), 0) from applications a
          where a.uscc = e.uscc and a.year = ${year} and a.type = 'compute_subsidy'
            and a.status in (${sql.join(AWARDED_STATES.map((s) => sql`${s}`), sql`, `)})) as awarded,
        cp.xmin::text as version, cp.computed_at::text as computed_at, cp.basis, cp.verified_spend, cp.eligible_spend,
        cp.counted_invoices, cp.excluded_invoices
      from enterprises e left join compute_positions cp on cp.uscc = e.uscc and cp.year = ${year}
      where e.uscc = ${uscc}`),
  );
  if (!row) return null;
  return {
    office: row.office,
    parameters: row.parameters,
    awarded: Number(row.awarded),
    position:
      row.version === null
        ? null
        : {
            version: row.version,
            computedAt: row.computed_at!,
            basis: row.basis!,
            verifiedSpend: Number(row.verified_spend),
            eligibleSpend: Number(row.eligible_spend),
            countedInvoices: row.counted_invoices!,
            excludedInvoices: row.excluded_invoices!,
          },
  };
}

/**
 * The name of one response: the page asked for, the Shanghai date (the parameters in force and `asOf`), the
 * parameter values, the position's row version and the amount awarded. Equal names, equal responses.
 */
function spendKey(uscc: string, year: number, page: ComputeSpendPage, asOf: string, state: SpendState, position: SpendPosition): string {
  return [uscc, year, page.limit, page.offset, asOf, state.parameters, position.version, position.computedAt, state.awarded].join('|');
}

type Figures = Pick<SpendPosition, 'verifiedSpend' | 'eligibleSpend' | 'countedInvoices' | 'excludedInvoices'>;

function spendView(
  uscc: string,
  year: number,
  asOf: string,
  params: ParameterSet,
  position: Figures,
  awarded: Fen,
  lists: { page: ComputeSpendPage; invoices: PageRow[]; excluded: PageRow[] },
) {
  const { page } = lists;
  const on = maxDate(asOf, params.firstDayAllInForce());
  const threshold = params.fen('compute.threshold', on).value;
  const p2 = { threshold, rate: params.rate('compute.rate', on).value, cap: params.fen('compute.cap', on).value };
  const yearAmount = subsidyArithmetic(position.eligibleSpend, 0, p2);
  const claim = subsidyArithmetic(position.eligibleSpend, awarded, p2);
  const invoicesTotal = position.countedInvoices;
  const excludedTotal = position.excludedInvoices;
  return {
    uscc,
    year,
    asOf,
    verifiedSpend: formatYuan(position.verifiedSpend),
    eligibleSpend: formatYuan(position.eligibleSpend),
    threshold: formatYuan(threshold),
    thresholdMet: yearAmount.thresholdMet,
    thresholdProgress: threshold > 0 ? Math.min(1, Math.floor((position.eligibleSpend * 10_000) / threshold) / 10_000) : 1,
    estimatedSubsidy: formatYuan(yearAmount.amount),
    alreadyAwarded: formatYuan(awarded),
    claimable: formatYuan(claim.amount),
    invoices: lists.invoices.map(countedView),
    excluded: lists.excluded.map((r) => ({ invoiceId: r.id, invoiceNumber: r.invoice_number, issueDate: r.issue_date, amount: formatYuan(Number(r.total_with_tax)), reason: r.exclusions[0]!, reasons: r.exclusions })),
    page: {
      offset: page.offset,
      limit: page.limit,
      invoicesTotal,
      excludedTotal,
      nextOffset: page.offset + page.limit < Math.max(invoicesTotal, excludedTotal) ? page.offset + page.limit : null,
    },
  };
}

/** A kept view is shared by every later read (the console's pages among them): none may change it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The year position brought up to date: when none is stored yet, or the one stored was computed with
 * parameter values no longer in force (or is marked stale), it is recomputed and stored, taking its turn
 * with matching runs; one stored meanwhile by another read or run is taken as it is.
 */
async function maintainPosition(db: Db, uscc: string, year: number, params: ParameterSet, asOf: string): Promise<PositionRow> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${RECON_LOCK})`);
    return (await currentPosition(tx, uscc, year, params, asOf)) ?? storePosition(tx, uscc, year, params, asOf);
  });
}

interface PageRow {
  id: string;
  invoice_number: string;
  invoice_code: string | null;
  issue_date: string;
  total_with_tax: number | string;
  intelligent_amount: number | string | null;
  verified: boolean;
  verified_service_type: string | null;
  counted_amount: number | string;
  purpose: string;
  is_red: boolean | null;
  original_invoice_number: string | null;
  original_invoice_code: string | null;
  claimed_by: string | null;
  exclusions: string[];
}

/**
 * One page of the year's counted or excluded invoices, in the order the rules read them. The list is
 * compared with the empty array rather than by its length: the planner estimates an equality from the
 * column's statistics (most invoices are counted), but a function's result at a fixed 0.5%, and with that
 * guess it read and sorted every invoice of the enterprise for each page instead of walking
 * invoices_enterprise_date in date order and stopping after the page (about 66 ms against 0.4 ms for a
 * page of 100 out of 10,000 invoices).
 */
async function positionPage(db: Db, uscc: string, year: number, which: 'counted' | 'excluded', page: ComputeSpendPage): Promise<PageRow[]> {
  const rows = rowsOf<PageRow>(await db.execute(sql`
    select i.id, i.invoice_number, i.invoice_code, i.issue_date::text as issue_date, i.total_with_tax, i.intelligent_amount, i.verified,
           i.verified_service_type, i.counted_amount, i.purpose, i.is_red, i.original_invoice_number, i.original_invoice_code,
           ai.application_id as claimed_by, i.exclusions
    from invoices i left join application_invoices ai on ai.invoice_id = i.id
    where i.enterprise_uscc = ${uscc} and i.position_year = ${year}
      and i.exclusions ${which === 'counted' ? sql`= '[]'::jsonb` : sql`<> '[]'::jsonb`}
    order by i.issue_date, (ai.application_id is null), i.id
    limit ${page.limit} offset ${page.offset}`));
  // json columns arrive parsed from postgres-js and as text from some drivers.
  return rows.map((r) => ({ ...r, exclusions: typeof r.exclusions === 'string' ? JSON.parse(r.exclusions) : r.exclusions }));
}

function countedView(r: PageRow) {
  const amount = formatYuan(Number(r.total_with_tax));
  return {
    invoiceId: r.id,
    invoiceNumber: invoiceKey(r.invoice_number, r.invoice_code),
    issueDate: r.issue_date,
    amount,
    intelligentAmount: r.verified && r.intelligent_amount !== null ? formatYuan(Number(r.intelligent_amount)) : amount,
    counted: formatYuan(Number(r.counted_amount)),
    claimedBy: r.claimed_by,
    serviceType: (r.verified && r.verified_service_type) || 'other',
    purpose: r.purpose,
    isRed: r.is_red ?? false,
    nettedInto: r.is_red && r.original_invoice_number ? invoiceKey(r.original_invoice_number, r.original_invoice_code) : null,
  };
}
