import { registry } from './definition.js';
import { auditVerifyJob } from './audit-verify.job.js';
import { fraudScanJob } from './fraud-scan.job.js';
import { parseInvoiceJob } from './invoice-parse.job.js';
import { reconcileJob } from './reconcile.job.js';

/** Every job the service runs; API processes enqueue them, workers (or the embedded runner) execute them. */
export const jobRegistry = registry([auditVerifyJob, parseInvoiceJob, reconcileJob, fraudScanJob]);
