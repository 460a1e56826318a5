import { and, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { applicationInvoices, applications, decisions, installments, invoices, payoutBatches, payoutItems, recoveryCases } from '../../db/schema/index.js';
import { recordAudit } from '../../audit/record.js';
import { floorMulRatio, formatYuan, sumFen } from '../../domain/money.js';
import { AWARDED_STATES } from '../../workflow/index.js';
import { evaluateApplication, subjectOf } from '../applications/evaluate-application.js';
import { loadParameterSet } from '../policy/index.js';
import { roundOfApplication } from '../payouts/budget-usage.js';
import { openRecoveryCase } from './recovery.js';

export interface Clawback {
  recoveryCaseId: string | null;
  applicationId: string;
  previousAward: string;
  newAward: string;
  committed: string;
  entitled: string;
  difference: string;
}

type PayoutItemRow = typeof payoutItems.$inferSelect;

/**
 * The budget ratio the award is paid at (二(五)), never worked out afresh: the one its payout items carry,
 * or — nothing batched yet — the one its round fixed at publication. Null: paid in full.
 */
async function paymentRatio(tx: Tx, applicationId: string, items: readonly PayoutItemRow[]): Promise<{ numerator: number; denominator: number; from: string } | null> {
  const scaled = items.find((i) => i.ratioNumerator !== null && i.ratioDenominator !== null);
  if (scaled) return { numerator: scaled.ratioNumerator!, denominator: scaled.ratioDenominator!, from: `payout batch ${scaled.batchId}` };
  if (items.length > 0) return null;
  const round = await roundOfApplication(tx, applicationId);
  return round?.scaled ? { numerator: round.ratioNumerator, denominator: round.ratioDenominator, from: `budget round ${round.id}` } : null;
}

/**
 * RULES.md, red-letter invoices: a red invoice nets against the blue one it reverses. When it is parsed
 * after the blue one was claimed and the award paid (or committed to an approved or prepared batch), the
 * claim is decided again with the red invoice netted (as of the day of its last decision, so only the
 * spend changes) and a clawback case is opened for what was paid beyond the new entitlement — scaled by
 * the same ratio as the payment when the round was scaled. An award not yet in a batch is simply reduced, and
 * will be paid at its round's ratio.
 * Idempotent: one case per red invoice. Returns null when the red invoice touches no awarded claim.
 */
export async function openClawbackForRedInvoice(tx: Tx, invoiceId: string, opts: { actor?: string; requestId?: string | null } = {}): Promise<Clawback | null> {
  const actor = opts.actor ?? 'system';
  const [red] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId)).limit(1);
  if (!red || red.status !== 'parsed' || !red.isRed || !red.originalInvoiceNumber) return null;
  const [existing] = await tx.select().from(recoveryCases).where(and(eq(recoveryCases.kind, 'red_invoice'), eq(recoveryCases.invoiceId, invoiceId))).limit(1);
  if (existing) return null;

  const [blue] = await tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(
      eq(invoices.enterpriseUscc, red.enterpriseUscc),
      eq(invoices.invoiceNumber, red.originalInvoiceNumber),
      red.originalInvoiceCode ? eq(invoices.invoiceCode, red.originalInvoiceCode) : isNull(invoices.invoiceCode),
      ne(invoices.id, invoiceId),
    ))
    .limit(1);
  if (!blue) return null;
  const [claim] = await tx
    .select({ app: applications })
    .from(applicationInvoices)
    .innerJoin(applications, eq(applications.id, applicationInvoices.applicationId))
    .where(eq(applicationInvoices.invoiceId, blue.id))
    .limit(1);
  // Before the grant the next review nets the red invoice by itself; after a refusal nothing was awarded.
  if (!claim || claim.app.type !== 'compute_subsidy' || !(AWARDED_STATES as readonly string[]).includes(claim.app.status)) return null;
  const app = claim.app;
  const [alreadyNetted] = await tx.select().from(applicationInvoices).where(eq(applicationInvoices.invoiceId, invoiceId)).limit(1);
  if (alreadyNetted) return null;

  const [last] = await tx.select().from(decisions).where(eq(decisions.applicationId, app.id)).orderBy(desc(decisions.createdAt), desc(decisions.id)).limit(1);
  const asOf = last?.asOf ?? red.issueDate!;
  const e = await evaluateApplication(tx, subjectOf(app), { params: await loadParameterSet(tx), asOf, stage: 'red_invoice', actor, claim: 'settled' });
  const newAward = e.decision.amount;

  const owed = await tx
    .select({ inst: installments, item: payoutItems, batch: payoutBatches })
    .from(installments)
    .leftJoin(payoutItems, eq(payoutItems.installmentId, installments.id))
    .leftJoin(payoutBatches, eq(payoutBatches.id, payoutItems.batchId))
    .where(and(eq(installments.applicationId, app.id), inArray(installments.status, ['payable', 'batched', 'paid'])));
  const committedRows = owed.filter((r) => r.item && r.batch && r.batch.status !== 'discarded');
  const committed = sumFen(committedRows.map((r) => r.item!.amount));
  const ratio = await paymentRatio(tx, app.id, committedRows.map((r) => r.item!));
  const entitled = ratio ? floorMulRatio(newAward, ratio.numerator, ratio.denominator) : newAward;

  // Installments hold computed amounts and a batch applies the ratio, so what is still owed is reduced in computed terms.
  const committedComputed = sumFen(committedRows.map((r) => r.item!.computed));
  for (const { inst } of owed.filter((r) => r.inst.status === 'payable')) {
    const reduced = Math.max(0, newAward - committedComputed);
    await tx.update(installments).set({ amount: reduced }).where(eq(installments.id, inst.id));
    await recordAudit(tx, { actor, requestId: opts.requestId ?? null, action: 'installment.reduced', entityType: 'installment', entityId: inst.id,
      before: { amount: formatYuan(inst.amount) }, after: { amount: formatYuan(reduced), redInvoiceId: invoiceId } });
  }
  await tx.update(applications).set({ amount: newAward, updatedAt: new Date() }).where(eq(applications.id, app.id));
  await recordAudit(tx, { actor, requestId: opts.requestId ?? null, action: 'application.award_recalculated', entityType: 'application', entityId: app.id,
    before: { amount: formatYuan(app.amount) }, after: { amount: formatYuan(newAward), redInvoiceId: invoiceId, decisionId: e.decisionId, asOf } });

  const difference = committed - entitled;
  let recoveryCaseId: string | null = null;
  if (difference > 0) {
    const opened = await openRecoveryCase(tx, {
      applicationId: app.id,
      kind: 'red_invoice',
      amount: difference,
      invoiceId,
      details: {
        clause: '二(五)',
        redInvoiceId: invoiceId,
        blueInvoiceId: blue.id,
        previousAward: formatYuan(app.amount),
        newAward: formatYuan(newAward),
        committed: formatYuan(committed),
        ratio: ratio ? `${formatYuan(ratio.numerator)} / ${formatYuan(ratio.denominator)}` : '1',
        ...(ratio ? { ratioFrom: ratio.from } : {}),
        entitled: formatYuan(entitled),
        decisionId: e.decisionId,
      },
      actor,
      requestId: opts.requestId ?? null,
    });
    recoveryCaseId = opened.id;
  }
  return {
    recoveryCaseId,
    applicationId: app.id,
    previousAward: formatYuan(app.amount),
    newAward: formatYuan(newAward),
    committed: formatYuan(committed),
    entitled: formatYuan(entitled),
    difference: formatYuan(Math.max(0, difference)),
  };
}
