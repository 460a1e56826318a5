import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { deadLetters } from '../../db/schema/index.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { putBackDeadLetters } from './dead-letter-common.js';

export const RetryKindInput = z.strictObject({ kind: z.string().min(1).max(100) });
export type RetryKindInput = z.infer<typeof RetryKindInput>;

/** Puts every open dead letter of one kind of job back to run again (admin), e.g. once a shared cause is fixed. */
export async function retryDeadLetters(ctx: ServiceContext, input: RetryKindInput) {
  const p = assertRole(ctx, 'admin');
  return verb(ctx, async (tx) => {
    const open = await tx
      .select()
      .from(deadLetters)
      .where(and(eq(deadLetters.jobName, input.kind), isNull(deadLetters.resolvedAt)))
      .for('update');
    await putBackDeadLetters(tx, open, actorOf(p));
    const result = { kind: input.kind, retried: open.length, ids: open.map((r) => r.id) };
    return { result, audit: open.length === 0 ? null : { action: 'jobs.retried', entityType: 'job_kind', entityId: input.kind, after: result } };
  });
}
