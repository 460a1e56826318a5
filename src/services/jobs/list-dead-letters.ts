import { z } from 'zod';
import { and, asc, count, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { deadLetters } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { deadLetterView } from './dead-letter-common.js';

export const DeadLetterQuery = z.strictObject({
  /** `failed`: waiting for an operator; `retried`: put back by one (kept as history). */
  state: z.enum(['failed', 'retried']).default('failed'),
  kind: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeadLetterQuery = z.infer<typeof DeadLetterQuery>;

/** Jobs that failed for a real reason, oldest failure first (admin). */
export async function listDeadLetters(ctx: ServiceContext, q: DeadLetterQuery) {
  assertRole(ctx, 'admin');
  const where: SQL[] = [q.state === 'failed' ? isNull(deadLetters.resolvedAt) : isNotNull(deadLetters.resolvedAt)];
  if (q.kind) where.push(eq(deadLetters.jobName, q.kind));
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(deadLetters).where(and(...where)).orderBy(asc(deadLetters.firstFailedAt), asc(deadLetters.id)).limit(q.limit).offset(q.offset),
    ctx.db.select({ n: count() }).from(deadLetters).where(and(...where)),
  ]);
  return { items: rows.map(deadLetterView), total: Number(total?.n ?? 0) };
}
