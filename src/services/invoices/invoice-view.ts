import { invoices } from '../../db/schema/index.js';
import type { InvoiceSignature } from '../../invoices/signature/types.js';

export type InvoiceRow = typeof invoices.$inferSelect;

/** The API's invoice: status, error, parsed fields, checks, the embedded signature, and the reconciliation state. */
export function invoiceView(
  row: InvoiceRow,
  match: { status: 'matched' | 'unmatched' | 'mismatch'; verified: boolean; intelligentAmount?: string | null; statementLines?: unknown[]; breaks?: unknown[] },
) {
  return {
    id: row.id,
    uscc: row.enterpriseUscc,
    status: row.status as 'received' | 'parsed' | 'failed',
    format: row.format,
    purpose: row.purpose,
    fileName: row.fileName,
    receivedAt: row.createdAt.toISOString(),
    ...(row.error ? { error: row.error as { code: string; message: string } } : {}),
    ...(row.fields ? { fields: row.fields as Record<string, unknown> } : {}),
    checks: (row.checks ?? []) as unknown[],
    // Null until parsed (and for invoices parsed before signatures were checked).
    signature: (row.signature ?? null) as InvoiceSignature | null,
    match,
  };
}
