import { eq } from 'drizzle-orm';
import { enterprises, invoices } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { invoiceView } from './invoice-view.js';
import { invoiceMatch, invoiceMatchColumns } from './invoice-match.js';

export async function getInvoice(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'admin', 'enterprise', 'city_reviewer', 'provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor');
  const [row] = await ctx.db
    .select({ invoice: invoices, office: enterprises.office, ...invoiceMatchColumns })
    .from(invoices)
    .innerJoin(enterprises, eq(enterprises.uscc, invoices.enterpriseUscc))
    .where(eq(invoices.id, id))
    .limit(1);
  if (!row || !canSeeEnterprise(p, row.invoice.enterpriseUscc, row.office)) throw notFound('invoice');
  return invoiceView(row.invoice, invoiceMatch(row.invoice, row.matchLines, row.openBreaks));
}
