import { z } from 'zod';
import { verifyAuditChain } from '../audit/verify.js';
import { defineJob } from './definition.js';

/** Re-verifies the audit hash chain; a break is logged at error level for operators to act on. */
export const auditVerifyJob = defineJob({
  name: 'audit.verify',
  payload: z.strictObject({ requestedAt: z.string() }),
  jobId: (p) => `audit-verify-${p.requestedAt.replace(/[^0-9]/g, '')}`,
  subject: (p) => `audit chain, requested ${p.requestedAt}`,
  async handler(_payload, { db, logger }) {
    const verdict = await verifyAuditChain(db);
    if (verdict.ok) logger.info({ rows: verdict.rows }, 'audit chain intact');
    else logger.error({ verdict }, 'audit chain broken');
  },
});
