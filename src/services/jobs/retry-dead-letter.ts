import { eq } from 'drizzle-orm';
import { deadLetters } from '../../db/schema/index.js';
import { actorOf } from '../../identity/principal.js';
import { conflict, notFound } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { deadLetterView, putBackDeadLetters } from './dead-letter-common.js';

/** Puts one dead letter's job back to run again (admin), once its cause is dealt with. */
export async function retryDeadLetter(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'admin');
  return verb(ctx, async (tx) => {
    const [row] = await tx.select().from(deadLetters).where(eq(deadLetters.id, id)).for('update');
    if (!row) throw notFound('dead letter');
    if (row.resolvedAt) throw conflict('DEAD_LETTER_RETRIED', `dead letter ${id} was already retried at ${row.resolvedAt.toISOString()}`);
    const [retried] = await putBackDeadLetters(tx, [row], actorOf(p));
    const view = deadLetterView(retried!);
    return {
      result: view,
      audit: { action: 'job.retried', entityType: 'dead_letter', entityId: id, before: { state: 'failed' }, after: { kind: view.kind, jobId: view.jobId, subject: view.subject } },
    };
  });
}
