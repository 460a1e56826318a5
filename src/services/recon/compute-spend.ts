import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { enterprises } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { notFound } from '../errors.js';
import { computeSpendPosition } from '../../rules/index.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { alreadyAwarded } from '../applications/compute-claim.js';
import { loadComputePurchases } from './purchases.js';

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
 * always cover every invoice; only the lists are paged.
 */
export async function getComputeSpend(ctx: ServiceContext, uscc: string, year: number, page: ComputeSpendPage = { limit: SPEND_PAGE_DEFAULT, offset: 0 }) {
  const p = assertRole(ctx);
  const [enterprise] = await ctx.db.select().from(enterprises).where(eq(enterprises.uscc, uscc)).limit(1);
  if (!enterprise || !canSeeEnterprise(p, uscc, enterprise.office)) throw notFound('enterprise');
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  const [purchases, awarded] = await Promise.all([loadComputePurchases(ctx.db, uscc, year), alreadyAwarded(ctx.db, { id: '', uscc, year })]);
  const position = computeSpendPosition(purchases.map((x) => x.facts), year, params, asOf, awarded);
  const threshold = params.fen('compute.threshold', asOf).value;

  const invoices: unknown[] = [];
  const excluded: { invoiceId: string; reason: string; reasons: string[] }[] = [];
  let invoicesTotal = 0;
  let excludedTotal = 0;
  const onPage = (index: number) => index >= page.offset && index < page.offset + page.limit;
  position.outcomes.forEach((o, i) => {
    const purchase = purchases[i]!;
    if (o.year !== year && o.exclusions.every((e) => e === 'OTHER_YEAR')) return;
    if (o.exclusions.length > 0) {
      if (onPage(excludedTotal++)) excluded.push({ invoiceId: purchase.invoiceId, reason: o.exclusions[0]!, reasons: o.exclusions });
      return;
    }
    if (!onPage(invoicesTotal++)) return;
    invoices.push({
      invoiceId: purchase.invoiceId,
      invoiceNumber: purchase.facts.invoiceNumber,
      issueDate: purchase.facts.issueDate,
      amount: purchase.facts.amount,
      intelligentAmount: purchase.facts.intelligentAmount ?? purchase.facts.amount,
      counted: formatYuan(o.counted),
      claimedBy: purchase.claimedBy,
      serviceType: purchase.facts.serviceType,
      purpose: purchase.facts.purpose,
      isRed: purchase.facts.isRed,
      nettedInto: o.nettedInto,
    });
  });
  return {
    uscc,
    year,
    asOf,
    verifiedSpend: formatYuan(position.verifiedSpend),
    eligibleSpend: formatYuan(position.eligibleSpend),
    threshold: formatYuan(threshold),
    thresholdMet: position.thresholdMet,
    thresholdProgress: threshold > 0 ? Math.min(1, Math.floor((position.eligibleSpend * 10_000) / threshold) / 10_000) : 1,
    estimatedSubsidy: formatYuan(position.estimatedSubsidy),
    alreadyAwarded: formatYuan(position.alreadyAwarded),
    claimable: formatYuan(position.claimable),
    invoices,
    excluded,
    page: {
      offset: page.offset,
      limit: page.limit,
      invoicesTotal,
      excludedTotal,
      nextOffset: page.offset + page.limit < Math.max(invoicesTotal, excludedTotal) ? page.offset + page.limit : null,
    },
  };
}
