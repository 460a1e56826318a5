import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import { enterprises } from '../../db/schema/index.js';
import { maxDate } from '../../domain/dates.js';
import { formatYuan } from '../../domain/money.js';
import { notFound } from '../errors.js';
import { subsidyArithmetic } from '../../rules/compute-subsidy.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { alreadyAwarded } from '../applications/compute-claim.js';
import { RECON_LOCK } from './locks.js';
import { currentPosition, storePosition, type PositionRow } from './positions.js';
import { invoiceKey } from './purchases.js';

/** A page of the counted and the excluded invoice lists; an enterprise may hold tens of thousands. */
export const SPEND_PAGE_DEFAULT = 1_000;
export const SPEND_PAGE_MAX = 10_000;

export const ComputeSpendQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  limit: z.coerce.number().int().min(1).max(SPEND_PAGE_MAX).default(SPEND_PAGE_DEFAULT),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ComputeSpendPage = Pick<z.infer<typeof ComputeSpendQuery>, 'limit' | 'offset'>;

/**
 * The enterprise's running position for a year: verified and eligible spend, progress to the threshold, the
 * year's subsidy, what earlier claims were awarded and what a claim made now would receive — the same
 * arithmetic over the same purchases a claim is decided with — and the invoices counted or excluded
 * with their reasons — one page of each list (the same offset and limit), with both totals. The figures
 * always cover every invoice; only the lists are paged. The position is maintained (positions.ts): a
 * read costs a row and a page, whatever the number of invoices.
 */
export async function getComputeSpend(ctx: ServiceContext, uscc: string, year: number, page: ComputeSpendPage = { limit: SPEND_PAGE_DEFAULT, offset: 0 }) {
  const p = assertRole(ctx);
  const [enterprise] = await ctx.db.select().from(enterprises).where(eq(enterprises.uscc, uscc)).limit(1);
  if (!enterprise || !canSeeEnterprise(p, uscc, enterprise.office)) throw notFound('enterprise');
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  const [position, awarded] = await Promise.all([maintainedPosition(ctx.db, uscc, year, params, asOf), alreadyAwarded(ctx.db, { id: '', uscc, year })]);
  const on = maxDate(asOf, params.firstDayAllInForce());
  const threshold = params.fen('compute.threshold', on).value;
  const p2 = { threshold, rate: params.rate('compute.rate', on).value, cap: params.fen('compute.cap', on).value };
  const yearAmount = subsidyArithmetic(position.eligibleSpend, 0, p2);
  const claim = subsidyArithmetic(position.eligibleSpend, awarded, p2);
  const [invoices, excluded] = await Promise.all([
    positionPage(ctx.db, uscc, year, 'counted', page),
    positionPage(ctx.db, uscc, year, 'excluded', page),
  ]);
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
    invoices: invoices.map(countedView),
    excluded: excluded.map((r) => ({ invoiceId: r.id, invoiceNumber: r.invoice_number, issueDate: r.issue_date, amount: formatYuan(Number(r.total_with_tax)), reason: r.exclusions[0]!, reasons: r.exclusions })),
    page: {
      offset: page.offset,
      limit: page.limit,
      invoicesTotal,
      excludedTotal,
      nextOffset: page.offset + page.limit < Math.max(invoicesTotal, excludedTotal) ? page.offset + page.limit : null,
    },
  };
}

/**
 * The year position as maintained; when none is stored yet, or the one stored was computed with parameter
 * values no longer in force, it is recomputed and stored first, taking its turn with matching runs.
 */
async function maintainedPosition(db: Db, uscc: string, year: number, params: ParameterSet, asOf: string): Promise<PositionRow> {
  const current = await currentPosition(db, uscc, year, params, asOf);
  if (current) return current;
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
