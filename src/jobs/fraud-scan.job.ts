import { createHash } from 'node:crypto';
import { z } from 'zod';
import { scanForFraud } from '../services/recon/scan-fraud.js';
import { jobServiceContext } from '../services/job-context.js';
import { verb } from '../services/context.js';
import { defineJob } from './definition.js';

/** Beyond this many enterprises a scope is sent as 'all': the payload stays small and the scan covers it. */
export const FRAUD_SCAN_MAX_USCCS = 10_000;

/**
 * Raises fraud signals for the enterprises a matching run covered, after that run committed (it is enqueued
 * in the run's transaction). Kept out of the run itself: it reads no matching outcome, and over everything
 * it costs about as much as the matching. Re-running it adds nothing.
 */
export const fraudScanJob = defineJob({
  name: 'fraud.scan',
  payload: z.strictObject({
    usccs: z.union([z.array(z.string().min(1)).min(1).max(FRAUD_SCAN_MAX_USCCS), z.literal('all')]),
    trigger: z.string().min(1).max(200),
  }),
  jobId: (p) => `fraud-scan-${p.trigger.replace(/[^A-Za-z0-9_-]/g, '_')}`,
  // A scan reads everything committed when it starts, so scans of one scope that pile up while one waits
  // (a scan follows every matching run) are covered by it.
  dedupKey: (p) => (p.usccs === 'all' ? 'all' : createHash('sha256').update(p.usccs.join(',')).digest('hex').slice(0, 32)),
  coalesceMs: (config) => config.RECON_COALESCE_MS,
  subject: (p) => (p.usccs === 'all' ? 'all enterprises' : p.usccs.join(', ')),
  async handler(p, ctx) {
    const summary = await verb(jobServiceContext(ctx, 'fraud.scan'), async (tx) => {
      const result = await scanForFraud(tx, p.usccs, new Date());
      return { result, audit: { action: 'fraud.scan', entityType: 'fraud_scan', entityId: p.trigger, after: { ...result, usccs: p.usccs } } };
    });
    ctx.logger.info({ ...summary, trigger: p.trigger }, 'fraud scan');
  },
});
