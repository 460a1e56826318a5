import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { enterprises, invoices } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole, canSeeEnterprise } from '../scope.js';
import { invoiceView } from './invoice-view.js';
import { invoiceMatch, invoiceMatchColumns } from './invoice-match.js';

function buildInvoiceQuery(db: Db) {
  return db
    .select({ invoice: invoices, office: enterprises.office, ...invoiceMatchColumns })
    .from(invoices)
    .innerJoin(enterprises, eq(enterprises.uscc, invoices.enterpriseUscc))
    .where(eq(invoices.id, sql.placeholder('id')))
    .limit(1)
    .prepare('get_invoice');
}

/**
 * The invoice's query, assembled once per database handle: the read is the most frequent one, and
 * assembling its text (the joined table's every column, the match and break subqueries) cost more of the
 * request than the database spends answering it.
 */
const prepared = new WeakMap<Db, ReturnType<typeof buildInvoiceQuery>>();

export async function getInvoice(ctx: ServiceContext, id: string) {
  const p = assertRole(ctx, 'admin', 'enterprise', 'city_reviewer', 'provincial_reviewer', 'finance_preparer', 'finance_approver', 'auditor');
  let query = prepared.get(ctx.db);
  if (!query) prepared.set(ctx.db, (query = buildInvoiceQuery(ctx.db)));
  const [row] = await query.execute({ id });
  if (!row || !canSeeEnterprise(p, row.invoice.enterpriseUscc, row.office)) throw notFound('invoice');
  return invoiceView(row.invoice, invoiceMatch(row.invoice, row.matchLines, row.openBreaks));
}
