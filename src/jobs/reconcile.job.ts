import { createHash } from 'node:crypto';
import { z } from 'zod';
import { runReconciliation } from '../services/recon/run-reconciliation.js';
import { jobServiceContext } from '../services/job-context.js';
import { verb } from '../services/context.js';
import { defineJob } from './definition.js';

/** Matches invoices and statement lines for the enterprises a change affected. Re-running changes nothing. */
export const reconcileJob = defineJob({
  name: 'recon.match',
  payload: z.strictObject({ usccs: z.array(z.string().min(1)).min(1).max(10_000), trigger: z.string().min(1).max(200) }),
  jobId: (p) => `recon-${p.trigger.replace(/[^A-Za-z0-9_-]/g, '_')}`,
  // A run matches everything committed when it starts: triggers for the same enterprises that arrive while
  // one run waits are covered by it (each parsed invoice would otherwise re-match its whole enterprise).
  dedupKey: (p) => createHash('sha256').update(p.usccs.join(',')).digest('hex').slice(0, 32),
  coalesceMs: (config) => config.RECON_COALESCE_MS,
  subject: (p) => p.usccs.join(', '),
  async handler(p, ctx) {
    const summary = await verb(jobServiceContext(ctx, 'recon.match'), async (tx) => {
      const result = await runReconciliation(tx, p.usccs, new Date(), p.trigger);
      return { result, audit: { action: 'recon.run', entityType: 'reconciliation', entityId: p.trigger, after: { ...result, usccs: p.usccs } } };
    });
    ctx.logger.info({ ...summary, trigger: p.trigger }, 'reconciliation run');
  },
});
