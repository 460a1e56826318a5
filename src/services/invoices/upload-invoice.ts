import { createHash } from 'node:crypto';
import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { enterprises, invoices } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { detectFormat } from '../../invoices/detect.js';
import { notFound, tooLarge, unsupportedFormat, invalid } from '../errors.js';
import { enqueue } from '../../jobs/outbox.js';
import { parseInvoiceJob } from '../../jobs/invoice-parse.job.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const PURPOSES = ['model_development', 'algorithm_validation', 'data_processing', 'ai_application', 'other'] as const;
export const Purpose = z.enum(PURPOSES);

const MEDIA_TYPES = { pdf: 'application/pdf', ofd: 'application/ofd', xml: 'application/xml' } as const;

export interface UploadInput {
  bytes: Uint8Array;
  fileName: string | null;
  purpose: z.infer<typeof Purpose>;
  uscc?: string;
  maxBytes: number;
}

/**
 * Stores the file durably (content-addressed) and records the invoice as received, with its parse job in
 * the same transaction. Nothing is parsed here. The same bytes for the same enterprise return the same id.
 */
export async function uploadInvoice(ctx: ServiceContext, input: UploadInput): Promise<{ id: string; status: string; created: boolean }> {
  const p = assertRole(ctx, 'enterprise', 'admin');
  const uscc = p.role === 'enterprise' ? p.scope! : input.uscc;
  if (!uscc) throw invalid('USCC_REQUIRED', 'an admin uploading for an enterprise names it with `uscc`', [{ path: 'uscc', message: 'required' }]);
  if (p.role === 'enterprise' && input.uscc && input.uscc !== p.scope) throw notFound('enterprise');
  if (input.bytes.byteLength > input.maxBytes) {
    throw tooLarge('FILE_TOO_LARGE', `the file is ${input.bytes.byteLength} bytes; the limit is ${input.maxBytes}`);
  }
  if (input.bytes.byteLength === 0) throw invalid('EMPTY_FILE', 'the file is empty', [{ path: 'file', message: 'empty' }]);
  const format = detectFormat(input.bytes);
  if (!format) {
    throw unsupportedFormat('the file is not a PDF, OFD or 数电 XML invoice (judged by its content, not its name)');
  }
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const known = await knownUpload(ctx, uscc, sha256);
  if (!known) throw notFound('enterprise');
  if (known.existing) return { ...known.existing, created: false };

  const id = newId('inv');
  try {
    return await verb(ctx, async (tx) => {
      // Sent together and executed in order (the invoice refers to the file): one round trip, not three.
      await Promise.all([
        tx.execute(sql`insert into files (sha256, size, media_type, content)
          values (${sha256}, ${input.bytes.byteLength}, ${MEDIA_TYPES[format]}, ${Buffer.from(input.bytes)}) on conflict do nothing`),
        tx.execute(sql`insert into invoices (id, enterprise_uscc, file_sha256, file_name, format, purpose, status, uploaded_by)
          values (${id}, ${uscc}, ${sha256}, ${input.fileName}, ${format}, ${input.purpose}, 'received', ${p.userId})`),
        enqueue(tx, parseInvoiceJob, { invoiceId: id }),
      ]);
      const after = { id, uscc, format, purpose: input.purpose, sha256, size: input.bytes.byteLength, fileName: input.fileName };
      return { result: { id, status: 'received', created: true }, audit: { action: 'invoice.received', entityType: 'invoice', entityId: id, after } };
    });
  } catch (err) {
    // Two identical uploads racing: the unique (enterprise, sha256) index lets one win; the other answers as a repeat.
    const again = await knownUpload(ctx, uscc, sha256);
    if (again?.existing) return { ...again.existing, created: false };
    throw err;
  }
}

/**
 * One read answers both questions an upload asks first: is the enterprise registered (null if not), and does
 * it already hold these bytes.
 */
async function knownUpload(ctx: ServiceContext, uscc: string, sha256: string) {
  const [row] = await ctx.db
    .select({ id: invoices.id, status: invoices.status })
    .from(enterprises)
    .leftJoin(invoices, and(eq(invoices.enterpriseUscc, enterprises.uscc), eq(invoices.fileSha256, sha256)))
    .where(eq(enterprises.uscc, uscc))
    .limit(1);
  if (!row) return null;
  return { existing: row.id !== null && row.status !== null ? { id: row.id, status: row.status } : null };
}
