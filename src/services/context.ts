import type { Db, Tx } from '../db/client.js';
import type { Principal } from '../identity/principal.js';
import { actorOf } from '../identity/principal.js';
import type { JobRunner } from '../jobs/runner.js';
import type { Logger } from '../logger.js';
import { recordAudit, type AuditInput } from '../audit/record.js';
import { signatureReplayed, spendSignature, type SignatureNonce } from '../identity/signature-nonce.js';

/** What a verb needs: who acts, where to write, and how to wake the job relay. */
export interface ServiceContext {
  db: Db;
  principal: Principal | null;
  /** Overrides the audit actor derived from the principal, e.g. `job:invoice.parse`. */
  actor?: string;
  requestId: string | null;
  logger: Logger;
  jobs: Pick<JobRunner, 'poke'>;
  clock: () => Date;
  /** A provider's request signature, spent in the verb's transaction: it counts as used only if the writes commit. */
  signature?: SignatureNonce;
}

/**
 * One verb = one transaction = one audit event. `fn` does the writes and returns the result plus the
 * audit event describing it; the relay is poked only after the commit, so a job never races its data.
 */
export async function verb<T>(
  ctx: ServiceContext,
  fn: (tx: Tx) => Promise<{ result: T; audit: Omit<AuditInput, 'actor' | 'requestId'> | null }>,
): Promise<T> {
  const result = await ctx.db.transaction(async (tx) => {
    const signature = ctx.signature;
    if (signature && !(await spendSignature(tx, signature))) throw signatureReplayed();
    const out = await fn(tx);
    if (out.audit) await recordAudit(tx, { ...out.audit, actor: ctx.actor ?? actorOf(ctx.principal), requestId: ctx.requestId });
    return out.result;
  });
  ctx.jobs.poke();
  return result;
}
