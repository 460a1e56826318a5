import { z } from 'zod';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { enterprises, invoices } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { invoiceView } from './invoice-view.js';

export const ListInvoicesQuery = z.strictObject({
  uscc: z.string().max(32).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(['received', 'parsed', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(64).optional(),
});
export type ListInvoicesQuery = z.infer<typeof ListInvoicesQuery>;

/** Invoices the caller may see: an enterprise its own, a city reviewer its office's, province-wide roles all. */
export async function listInvoices(ctx: ServiceContext, q: ListInvoicesQuery) {
  const p = assertRole(ctx, 'admin', 'enterprise', 'city_reviewer', 'provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor');
  const where: SQL[] = [];
  if (p.role === 'enterprise') {
    if (q.uscc && q.uscc !== p.scope) throw notFound('enterprise');
    where.push(eq(invoices.enterpriseUscc, p.scope!));
  } else if (q.uscc) {
    where.push(eq(invoices.enterpriseUscc, q.uscc));
  }
  if (p.role === 'city_reviewer') where.push(eq(enterprises.office, p.scope!));
  if (q.year) {
    where.push(gte(invoices.issueDate, `${q.year}-01-01`), lte(invoices.issueDate, `${q.year}-12-31`));
  }
  if (q.status) where.push(eq(invoices.status, q.status));
  if (q.before) where.push(lt(invoices.id, q.before));
  const rows = await ctx.db
    .select({ invoice: invoices })
    .from(invoices)
    .innerJoin(enterprises, eq(enterprises.uscc, invoices.enterpriseUscc))
    .where(and(...where))
    .orderBy(desc(invoices.id))
    .limit(q.limit);
  return {
    items: rows.map((r) => invoiceView(r.invoice, { status: r.invoice.matchStatus as 'matched' | 'unmatched' | 'mismatch', verified: r.invoice.verified })),
    nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.invoice.id : null,
  };
}
