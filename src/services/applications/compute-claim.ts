import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { applicationInvoices, applications } from '../../db/schema/index.js';
import { yearOf } from '../../domain/dates.js';
import { sumFen, type Fen } from '../../domain/money.js';
import { conflict } from '../../http/problem.js';
import type { ComputeSpend } from '../../rules/compute-purchases.js';
import { AWARDED_STATES } from '../../workflow/index.js';
import { loadComputePurchases, type LoadedPurchase } from '../recon/purchases.js';
import { isUniqueViolation } from '../policy/unique-violation.js';

/**
 * The purchases a compute-subsidy claim is judged on. A fresh claim (submission, resubmission) takes the
 * year's invoices no other application has frozen, plus red invoices reversing them; a claim under
 * review keeps the invoices it froze, plus any red invoice that has since arrived against one of them.
 */
export async function claimPurchases(
  tx: Tx,
  app: { id: string; uscc: string; year: number },
  mode: 'fresh' | 'frozen',
): Promise<LoadedPurchase[]> {
  const available = await loadComputePurchases(tx, app.uscc, { includeFrozenBy: app.id });
  let blues: LoadedPurchase[];
  if (mode === 'fresh') {
    blues = available.filter((p) => !p.facts.isRed && yearOf(p.facts.issueDate) === app.year);
  } else {
    const frozen = new Set(
      (await tx.select({ id: applicationInvoices.invoiceId }).from(applicationInvoices).where(eq(applicationInvoices.applicationId, app.id))).map((r) => r.id),
    );
    blues = available.filter((p) => !p.facts.isRed && frozen.has(p.invoiceId));
  }
  const numbers = new Set(blues.map((p) => p.facts.invoiceNumber));
  const reds = available.filter((p) => p.facts.isRed && p.facts.originalInvoiceNumber !== null && numbers.has(p.facts.originalInvoiceNumber));
  return [...blues, ...reds];
}

/**
 * Freezes what the claim counts (one invoice funds one claim, ever — 五(一)): the blue invoices that
 * passed every check and the red invoices netted into them. What it no longer counts is released.
 */
export async function syncFrozenInvoices(tx: Tx, applicationId: string, purchases: readonly LoadedPurchase[], spend: ComputeSpend): Promise<{ invoiceId: string; amount: Fen }[]> {
  const countedBlues = new Set<string>();
  spend.outcomes.forEach((o) => {
    if (!o.isRed && o.exclusions.length === 0) countedBlues.add(o.invoiceNumber);
  });
  const rows: { invoiceId: string; amount: Fen }[] = [];
  spend.outcomes.forEach((o, i) => {
    const p = purchases[i]!;
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
  return rows;
}

export async function releaseFrozenInvoices(tx: Tx, applicationId: string): Promise<number> {
  const released = await tx.delete(applicationInvoices).where(eq(applicationInvoices.applicationId, applicationId)).returning({ id: applicationInvoices.invoiceId });
  return released.length;
}

/** 二(五): compute subsidy already awarded to the enterprise for the year, by its other applications. */
export async function alreadyAwarded(tx: Tx, app: { id: string; uscc: string; year: number }): Promise<Fen> {
  const rows = await tx
    .select({ amount: applications.amount })
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
  return sumFen(rows.map((r) => r.amount));
}
