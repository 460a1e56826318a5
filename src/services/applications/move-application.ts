import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { applications, applicationTransitions } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan } from '../../domain/money.js';
import { conflict } from '../errors.js';
import type { AuditInput } from '../../audit/record.js';
import { recordAudit } from '../../audit/record.js';
import { actorOf } from '../../identity/principal.js';
import { isApplicationState, isLive, transition, type ApplicationEvent, type ApplicationState, type AwardKind } from '../../workflow/index.js';
import type { ServiceContext } from '../context.js';

export type ApplicationRow = typeof applications.$inferSelect;
export type AuditEvent = Omit<AuditInput, 'actor' | 'requestId'>;

export function stateOf(row: ApplicationRow): ApplicationState {
  if (!isApplicationState(row.status)) throw new Error(`application ${row.id} has an unknown status ${row.status}`);
  return row.status;
}

/** Throws 409 ILLEGAL_TRANSITION, before anything is written, when `event` cannot happen now. */
export function assertTransition(row: ApplicationRow, event: ApplicationEvent): ApplicationState {
  const result = transition(stateOf(row), event, row.type as AwardKind);
  if (!result.ok) throw conflict('ILLEGAL_TRANSITION', `application ${row.id} is ${row.status}: ${result.reason}`);
  return result.to;
}

/** 409 when the caller acted on a revision that is no longer current (If-Match). */
export function assertRevision(row: ApplicationRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.revision) {
    throw conflict('REVISION_CONFLICT', `application ${row.id} is at revision ${row.revision}, not ${expected}; reload it and retry`);
  }
}

export interface Move {
  row: ApplicationRow;
  audit: AuditEvent;
}

/**
 * Moves an application one step through the state machine with optimistic concurrency: the update
 * applies only to the revision that was read, so two reviewers acting at once cannot both succeed.
 * Records the step in application_transitions; the caller records the returned audit event.
 */
export async function moveApplication(
  tx: Tx,
  ctx: ServiceContext,
  row: ApplicationRow,
  event: ApplicationEvent,
  opts: { note?: string | null; details?: Record<string, unknown>; set?: Partial<Pick<ApplicationRow, 'amount' | 'facts' | 'extensionMonths' | 'subject'>> } = {},
): Promise<Move> {
  const to = assertTransition(row, event);
  const [updated] = await tx
    .update(applications)
    .set({ ...opts.set, status: to, live: isLive(to), revision: sql`${applications.revision} + 1`, updatedAt: new Date() })
    .where(and(eq(applications.id, row.id), eq(applications.revision, row.revision)))
    .returning();
  if (!updated) {
    throw conflict('REVISION_CONFLICT', `application ${row.id} changed while this request was being handled; reload it and retry`);
  }
  const actor = ctx.actor ?? actorOf(ctx.principal);
  await tx.insert(applicationTransitions).values({
    id: newId('trn'),
    applicationId: row.id,
    event,
    fromStatus: row.status,
    toStatus: to,
    revision: updated.revision,
    actor,
    note: opts.note ?? null,
    details: opts.details ?? null,
  });
  const snapshot = (r: ApplicationRow) => ({ status: r.status, revision: r.revision, amount: formatYuan(r.amount), extensionMonths: r.extensionMonths });
  return {
    row: updated,
    audit: {
      action: `application.${event}`,
      entityType: 'application',
      entityId: row.id,
      before: snapshot(row),
      after: { ...snapshot(updated), note: opts.note ?? null, ...(opts.details ?? {}) },
    },
  };
}

/** Records an audit event for an entity changed alongside the verb's main one, in the same transaction. */
export async function recordExtraAudit(tx: Tx, ctx: ServiceContext, audit: AuditEvent): Promise<void> {
  await recordAudit(tx, { ...audit, actor: ctx.actor ?? actorOf(ctx.principal), requestId: ctx.requestId });
}
