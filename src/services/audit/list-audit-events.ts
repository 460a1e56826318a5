import { z } from 'zod';
import { and, asc, eq, gt, gte, lt, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { verifyAuditChain } from '../../audit/verify.js';

export const AuditQuery = z.strictObject({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  actor: z.string().max(128).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/** Every state change, oldest first, filterable by entity, actor and time; `nextAfter` pages on. */
export async function listAuditEvents(ctx: ServiceContext, q: AuditQuery) {
  assertRole(ctx, 'auditor', 'admin');
  const where: SQL[] = [];
  if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
  if (q.actor) where.push(eq(auditEvents.actor, q.actor));
  if (q.from) where.push(gte(auditEvents.at, new Date(q.from)));
  if (q.to) where.push(lt(auditEvents.at, new Date(q.to)));
  if (q.after !== undefined) where.push(gt(auditEvents.seq, q.after));
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(auditEvents.seq))
    .limit(q.limit);
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      requestId: r.requestId,
      hash: r.hash,
    })),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.seq : null,
  };
}

export async function verifyAudit(ctx: ServiceContext) {
  assertRole(ctx, 'auditor', 'admin');
  return verifyAuditChain(ctx.db);
}
