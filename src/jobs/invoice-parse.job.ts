import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
import { InvoiceParseError } from '../invoices/fields.js';
import { parseInvoiceIsolated } from '../invoices/sandbox/index.js';
import { recordParseFailure, recordParsed, type ReceivedInvoice } from '../services/invoices/record-parse-result.js';
import { jobServiceContext } from '../services/job-context.js';
import { defineJob, PermanentJobError } from './definition.js';

/**
 * Parses one uploaded invoice in an isolated worker thread (time and memory limits). A file that cannot
 * be read fails this job only, with the reason recorded on the invoice; the worker keeps serving.
 */
export const parseInvoiceJob = defineJob({
  name: 'invoice.parse',
  payload: z.strictObject({ invoiceId: z.string().min(1) }),
  jobId: (p) => `invoice-parse-${p.invoiceId}`,
  subject: (p) => p.invoiceId,
  async handler({ invoiceId }, ctx) {
    // The file comes with the invoice only while it still waits for its parse.
    const [row] = rowsOf<ReceivedInvoice & { fileSha256: string; content: Buffer | Uint8Array | null }>(
      await ctx.db.execute(sql`select i.id, i.status, i.enterprise_uscc as "enterpriseUscc", i.file_sha256 as "fileSha256", f.content
        from invoices i left join files f on f.sha256 = i.file_sha256 and i.status = 'received'
        where i.id = ${invoiceId}`),
    );
    if (!row) throw new PermanentJobError(`invoice ${invoiceId} does not exist`);
    // Already parsed or failed: a redelivered job changes nothing.
    if (row.status !== 'received') return;
    const content = row.content;
    if (!content) throw new PermanentJobError(`file ${row.fileSha256} of invoice ${invoiceId} is missing`);

    const service = jobServiceContext(ctx, 'invoice.parse');
    let parsed;
    try {
      parsed = await parseInvoiceIsolated(content, {
        timeoutMs: ctx.config.PARSE_TIMEOUT_MS,
        maxMemoryMb: ctx.config.PARSE_MAX_MEMORY_MB,
        threads: ctx.config.PARSE_THREADS,
      });
    } catch (err) {
      if (!(err instanceof InvoiceParseError)) throw err;
      await recordParseFailure(service, row, { code: err.code, message: err.message });
      throw new PermanentJobError(`${err.code}: ${err.message}`, { recorded: true });
    }
    await recordParsed(service, row, parsed);
  },
});
