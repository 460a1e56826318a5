import { z } from 'zod';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { matches, statementLines } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { missing, conflict, forbidden } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { InvoiceSignature } from '../../invoices/signature/types.js';
import { SERVICE_TYPES } from '../../rules/parameters/defaults.js';
import { verb, type ServiceContext } from '../context.js';
import { assertFinance, assertUnheld, groupView, matchGroupOrThrow, parsedInvoiceOrThrow } from './resolution-common.js';
import { requestRematch } from './rematch.js';

const Reason = z.string().trim().min(3, 'a reason is required').max(2000);

export const AcceptInvoiceBody = z.strictObject({ reason: Reason, serviceType: z.enum(SERVICE_TYPES) });
export const ManualMatchBody = z.strictObject({
  invoiceIds: z.array(z.string().min(1)).min(1).max(100),
  statementLineIds: z.array(z.number().int().positive()).min(1).max(100),
  reason: Reason,
});
export const ReasonBody = z.strictObject({ reason: Reason });

/** A match group awaiting a second finance officer: it holds the invoice but does not count. */
export const ACCEPT_PENDING = 'accept_pending';

/** What the acceptance shows of the invoice's signature, so finance decides knowing it. */
export function signatureSummary(signature: unknown) {
  const s = InvoiceSignature.safeParse(signature);
  return s.success ? { status: s.data.status, code: s.data.code, kind: s.data.kind, signer: s.data.signer?.subject ?? null, detail: s.data.detail } : null;
}

export type AcceptedView = ReturnType<typeof groupView> & {
  signature: ReturnType<typeof signatureSummary>;
  firstOfficer: string | null;
  secondOfficer: string | null;
};

/**
 * Finance accepts an invoice that no statement line confirms, recording why and which service it bought.
 * An invoice whose signature shows it was changed after signing (or signed by someone other than the
 * seller) needs two finance officers: the first acceptance is recorded as pending and does not count;
 * the same call by a different officer confirms it.
 */
export async function acceptInvoice(ctx: ServiceContext, invoiceId: string, body: z.infer<typeof AcceptInvoiceBody>) {
  const p = assertFinance(ctx);
  const actor = actorOf(p);
  return verb<AcceptedView>(ctx, async (tx) => {
    const invoice = await parsedInvoiceOrThrow(tx, invoiceId);
    await assertUnheld(tx, [invoiceId], []);
    const signature = signatureSummary(invoice.signature);
    const [pending] = await tx
      .select()
      .from(matches)
      .where(and(eq(matches.invoiceId, invoiceId), eq(matches.status, ACCEPT_PENDING), isNull(matches.undoneAt)))
      .limit(1);
    if (pending) {
      if (pending.actor === actor) throw forbidden(`the acceptance of invoice ${invoiceId} waits for a second finance officer; ${actor} made the first`, 'SECOND_OFFICER_REQUIRED');
      if (pending.serviceType !== body.serviceType) {
        throw conflict('ACCEPTANCE_DIFFERS', `the first officer accepted invoice ${invoiceId} as ${pending.serviceType}, not ${body.serviceType}; undo it to start again`);
      }
      const before = groupView([pending]);
      const [row] = await tx
        .update(matches)
        .set({ status: 'accepted', reason: `${pending.reason ?? ''} | second officer ${actor}: ${body.reason}`, actor })
        .where(eq(matches.groupId, pending.groupId))
        .returning();
      await requestRematch(tx, { usccs: [invoice.enterpriseUscc] });
      const view = { ...groupView([row!]), signature, firstOfficer: pending.actor, secondOfficer: actor };
      return { result: view, audit: { action: 'match.accepted_without_line', entityType: 'match', entityId: pending.groupId, before, after: view } };
    }
    const twoOfficers = signature?.status === 'invalid';
    const groupId = newId('mat');
    const [row] = await tx
      .insert(matches)
      .values({ id: newId('mrw'), groupId, invoiceId, status: twoOfficers ? ACCEPT_PENDING : 'accepted', shape: 'accepted', serviceType: body.serviceType, reason: body.reason, actor })
      .returning();
    if (!twoOfficers) await requestRematch(tx, { usccs: [invoice.enterpriseUscc] });
    const view = { ...groupView([row!]), signature, firstOfficer: actor, secondOfficer: null };
    const action = twoOfficers ? 'match.acceptance_pending_second_officer' : 'match.accepted_without_line';
    return { result: view, audit: { action, entityType: 'match', entityId: groupId, after: view } };
  });
}

/** Finance matches invoices to statement lines by hand. */
export async function matchByHand(ctx: ServiceContext, body: z.infer<typeof ManualMatchBody>) {
  const p = assertFinance(ctx);
  return verb(ctx, async (tx) => {
    const invs = await Promise.all(body.invoiceIds.map((id) => parsedInvoiceOrThrow(tx, id)));
    const lines = await tx.select({ id: statementLines.id }).from(statementLines).where(inArray(statementLines.id, body.statementLineIds));
    if (lines.length !== new Set(body.statementLineIds).size) throw missing('NOT_FOUND', 'a statement line was not found');
    await assertUnheld(tx, body.invoiceIds, body.statementLineIds);
    const groupId = newId('mat');
    // One row per member, tied by groupId, as the engine writes its own matches.
    const common = { groupId, status: 'manual', shape: 'manual', reason: body.reason, actor: actorOf(p) };
    const rows = [
      ...body.invoiceIds.map((invoiceId) => ({ ...common, id: newId('mrw'), invoiceId })),
      ...body.statementLineIds.map((statementLineId) => ({ ...common, id: newId('mrw'), statementLineId })),
    ];
    const inserted = await tx.insert(matches).values(rows).returning();
    await requestRematch(tx, { usccs: [...new Set(invs.map((i) => i.enterpriseUscc))] });
    const view = groupView(inserted);
    return { result: view, audit: { action: 'match.manual', entityType: 'match', entityId: groupId, after: view } };
  });
}

/** Confirms or rejects a proposed match; only a confirmed proposal counts. */
export async function decideProposal(ctx: ServiceContext, groupId: string, decision: 'confirm' | 'reject', body: z.infer<typeof ReasonBody>) {
  const p = assertFinance(ctx);
  return verb(ctx, async (tx) => {
    const rows = await matchGroupOrThrow(tx, groupId);
    const before = groupView(rows);
    if (before.status !== 'proposed') throw conflict('NOT_PROPOSED', `match ${groupId} is ${before.status}, not proposed`);
    if (decision === 'confirm') await assertUnheld(tx, before.invoiceIds, before.statementLineIds, [groupId]);
    const status = decision === 'confirm' ? 'confirmed' : 'rejected';
    const updated = await tx.update(matches).set({ status, reason: body.reason, actor: actorOf(p) }).where(eq(matches.groupId, groupId)).returning();
    await requestRematch(tx, { invoiceIds: before.invoiceIds });
    const after = groupView(updated);
    return { result: after, audit: { action: `match.${status}`, entityType: 'match', entityId: groupId, before, after } };
  });
}

/** Undoes a match or a finance decision; the invoice stops counting at once and is matched afresh. */
export async function undoMatch(ctx: ServiceContext, groupId: string, body: z.infer<typeof ReasonBody>) {
  const p = assertFinance(ctx);
  return verb(ctx, async (tx) => {
    const rows = await matchGroupOrThrow(tx, groupId);
    const before = groupView(rows);
    if (before.status === 'undone' || before.status === 'rejected') throw conflict('NOT_UNDOABLE', `match ${groupId} is ${before.status}`);
    const updated = await tx
      .update(matches)
      .set({ undoneAt: new Date(), reason: body.reason, actor: actorOf(p) })
      .where(and(eq(matches.groupId, groupId), isNull(matches.undoneAt)))
      .returning();
    await requestRematch(tx, { invoiceIds: before.invoiceIds });
    const after = groupView(updated);
    return { result: after, audit: { action: 'match.undone', entityType: 'match', entityId: groupId, before, after } };
  });
}
