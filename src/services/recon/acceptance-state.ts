import { and, eq, inArray, isNull } from 'drizzle-orm';
import { invoices, matches } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { ACCEPT_PENDING, signatureSummary } from './resolutions.js';

/** What finance needs beside an unmatched invoice before accepting it: its signature and any acceptance half made. */
export interface AcceptanceState {
  signature: ReturnType<typeof signatureSummary>;
  /** A first officer's acceptance waiting for a second one (invalid signature): when, and as which service. */
  pending: { since: string; serviceType: string | null } | null;
}

/**
 * The acceptance state of each invoice, for the exceptions queue: one query for the signatures and one
 * for pending acceptances, whatever the number of invoices on the page.
 */
export async function acceptanceStates(ctx: ServiceContext, invoiceIds: readonly string[]): Promise<Map<string, AcceptanceState>> {
  assertRole(ctx, 'finance_preparer', 'finance_approver', 'admin', 'auditor', 'provincial_reviewer');
  const ids = [...new Set(invoiceIds)];
  const out = new Map<string, AcceptanceState>();
  if (ids.length === 0) return out;
  // One after the other on one connection: side by side they would take a second pooled connection.
  const signed = await ctx.db.select({ id: invoices.id, signature: invoices.signature }).from(invoices).where(inArray(invoices.id, ids));
  const pending = await ctx.db
    .select({ invoiceId: matches.invoiceId, createdAt: matches.createdAt, serviceType: matches.serviceType })
    .from(matches)
    .where(and(inArray(matches.invoiceId, ids), eq(matches.status, ACCEPT_PENDING), isNull(matches.undoneAt)));
  for (const row of signed) out.set(row.id, { signature: signatureSummary(row.signature), pending: null });
  for (const p of pending) {
    const state = p.invoiceId ? out.get(p.invoiceId) : undefined;
    if (state) state.pending = { since: new Date(p.createdAt).toISOString(), serviceType: p.serviceType };
  }
  return out;
}
