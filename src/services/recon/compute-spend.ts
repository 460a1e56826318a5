import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { enterprises } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import { notFound } from '../../http/problem.js';
import { computeSpendPosition } from '../../rules/index.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { loadComputePurchases } from './purchases.js';

export const ComputeSpendQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

/**
 * The enterprise's running position for a year, before any application: verified and eligible spend,
 * progress to the threshold, the subsidy the rules would give now, and every invoice counted or excluded
 * with its reasons.
 */
export async function getComputeSpend(ctx: ServiceContext, uscc: string, year: number) {
  const p = assertRole(ctx);
  const [enterprise] = await ctx.db.select().from(enterprises).where(eq(enterprises.uscc, uscc)).limit(1);
  if (!enterprise || !canSeeEnterprise(p, uscc, enterprise.office)) throw notFound('enterprise');
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  const purchases = await loadComputePurchases(ctx.db, uscc, { includeAllFrozen: true });
  const position = computeSpendPosition(purchases.map((x) => x.facts), year, params, asOf);
  const threshold = params.fen('compute.threshold', asOf).value;

  const invoices: unknown[] = [];
  const excluded: { invoiceId: string; reason: string; reasons: string[] }[] = [];
  position.outcomes.forEach((o, i) => {
    const purchase = purchases[i]!;
    if (o.year !== year && o.exclusions.every((e) => e === 'OTHER_YEAR')) return;
    if (o.exclusions.length > 0) {
      excluded.push({ invoiceId: purchase.invoiceId, reason: o.exclusions[0]!, reasons: o.exclusions });
      return;
    }
    invoices.push({
      invoiceId: purchase.invoiceId,
      invoiceNumber: purchase.facts.invoiceNumber,
      issueDate: purchase.facts.issueDate,
      amount: purchase.facts.amount,
      counted: formatYuan(o.counted),
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
    invoices,
    excluded,
  };
}
