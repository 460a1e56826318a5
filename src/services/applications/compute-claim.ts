import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { applicationInvoices, applications } from '../../db/schema/index.js';
import { sumFen, type Fen } from '../../domain/money.js';
import { conflict } from '../errors.js';
import type { ComputeSpend } from '../../rules/compute-purchases.js';
import { AWARDED_STATES } from '../../workflow/index.js';
import { refreshPosition, storePosition } from '../recon/positions.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import { loadComputePurchases, type LoadedPurchase } from '../recon/purchases.js';
import { isUniqueViolation } from '../policy/unique-violation.js';

export interface ComputeClaim {
  id: string;
  uscc: string;
  year: number;
}

/**
 * The purchases a compute claim is decided on (二(五): the threshold, the rate and the cap are the year's).
 * `open` — a claim being decided (submission, resubmission, review): every purchase of the year, those
 * earlier claims froze included, so that the claim receives the year's subsidy less what was awarded.
 * `settled` — an awarded claim decided again (a red invoice arrived): only what the year's awarded claims
 * froze, plus red invoices against it, so that spend no claim has counted yet waits for the next claim.
 */
export async function claimPurchases(tx: Tx, app: ComputeClaim, mode: 'open' | 'settled'): Promise<LoadedPurchase[]> {
  const year = await loadComputePurchases(tx, app.uscc, app.year);
  if (mode === 'open') return year;
  const awarded = new Set([app.id, ...(await awardedClaims(tx, app)).map((r) => r.id)]);
  const blues = year.filter((p) => !p.facts.isRed && p.claimedBy !== null && awarded.has(p.claimedBy));
  const numbers = new Set(blues.map((p) => p.facts.invoiceNumber));
  const reds = year.filter((p) => p.facts.isRed && p.facts.originalInvoiceNumber !== null && numbers.has(p.facts.originalInvoiceNumber));
  return [...blues, ...reds];
}

/**
 * Freezes what the claim newly counts (one invoice funds one claim, ever — 五(一)): the counted blue
 * invoices no other claim froze, and the red invoices netted into them. Invoices an earlier claim froze
 * stay with it (its award already paid for them); what this claim no longer counts is released.
 */
export async function syncFrozenInvoices(
  tx: Tx,
  claim: ComputeClaim,
  purchases: readonly LoadedPurchase[],
  spend: ComputeSpend,
  basis: { params: ParameterSet; asOf: string },
): Promise<{ invoiceId: string; amount: Fen }[]> {
  const applicationId = claim.id;
  const mine = (p: LoadedPurchase) => p.claimedBy === null || p.claimedBy === applicationId;
  const countedBlues = new Set<string>();
  spend.outcomes.forEach((o, i) => {
    if (!o.isRed && o.exclusions.length === 0 && mine(purchases[i]!)) countedBlues.add(o.invoiceNumber);
  });
  const rows: { invoiceId: string; amount: Fen }[] = [];
  spend.outcomes.forEach((o, i) => {
    const p = purchases[i]!;
    if (!mine(p)) return;
    const counts = o.isRed ? o.nettedInto !== null && countedBlues.has(o.nettedInto) : countedBlues.has(o.invoiceNumber);
    if (counts) rows.push({ invoiceId: p.invoiceId, amount: o.amount });
  });
  await tx.delete(applicationInvoices).where(eq(applicationInvoices.applicationId, applicationId));
  if (rows.length > 0) {
    try {
      await tx.insert(applicationInvoices).values(rows.map((r) => ({ applicationId, ...r })));
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('INVOICE_ALREADY_CLAIMED', 'an invoice this claim counts was claimed by another application at the same time; retry');
      throw err;
    }
  }
  // Which copy of a repeated invoice counts follows which one a claim froze: the position moves with it.
  await storePosition(tx, claim.uscc, claim.year, basis.params, basis.asOf);
  return rows;
}

/** Releases a claim's invoices (it was rejected or withdrawn); the enterprise's position moves with them. */
export async function releaseFrozenInvoices(tx: Tx, applicationId: string, asOf: string): Promise<number> {
  const released = await tx.delete(applicationInvoices).where(eq(applicationInvoices.applicationId, applicationId)).returning({ id: applicationInvoices.invoiceId });
  if (released.length > 0) {
    const [app] = await tx.select({ uscc: applications.uscc, year: applications.year }).from(applications).where(eq(applications.id, applicationId));
    if (app?.year != null) await refreshPosition(tx, app.uscc, app.year, asOf);
  }
  return released.length;
}

/** The enterprise's other compute claims of the year that were awarded, with their amounts. */
async function awardedClaims(tx: Queryable, app: ComputeClaim) {
  return tx
    .select({ id: applications.id, amount: applications.amount })
    .from(applications)
    .where(
      and(
        eq(applications.uscc, app.uscc),
        eq(applications.year, app.year),
        eq(applications.type, 'compute_subsidy'),
        inArray(applications.status, [...AWARDED_STATES]),
        ne(applications.id, app.id),
      ),
    );
}

/** 二(五): compute subsidy already awarded to the enterprise for the year, by its other claims. */
export async function alreadyAwarded(tx: Queryable, app: ComputeClaim): Promise<Fen> {
  return sumFen((await awardedClaims(tx, app)).map((r) => r.amount));
}
