import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { invoices, matches } from '../../db/schema/index.js';
import { notFound, conflict } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole, type UserPrincipal } from '../scope.js';

/** Finance resolves reconciliation exceptions; admins may too. */
export function assertFinance(ctx: ServiceContext): UserPrincipal {
  return assertRole(ctx, 'finance_preparer', 'finance_approver', 'admin');
}

/** Match statuses that hold an invoice or a line: nothing may be matched twice. */
export const HOLDING_STATUSES = ['matched', 'confirmed', 'manual', 'accepted', 'proposed'] as const;

export async function parsedInvoiceOrThrow(tx: Tx, id: string) {
  const [row] = await tx.select().from(invoices).where(eq(invoices.id, id)).limit(1);
  if (!row) throw notFound('invoice');
  if (row.status !== 'parsed') throw conflict('INVOICE_NOT_PARSED', `invoice ${id} is ${row.status}, not parsed`);
  return row;
}

/** Refuses when any of the invoices or lines already belongs to a live counting match. */
export async function assertUnheld(tx: Tx, invoiceIds: string[], lineIds: number[], except: string[] = []): Promise<void> {
  const counting = ['matched', 'confirmed', 'manual', 'accepted'];
  const held = [
    ...(invoiceIds.length
      ? await tx.select().from(matches).where(and(inArray(matches.invoiceId, invoiceIds), isNull(matches.undoneAt), inArray(matches.status, counting)))
      : []),
    ...(lineIds.length
      ? await tx.select().from(matches).where(and(inArray(matches.statementLineId, lineIds), isNull(matches.undoneAt), inArray(matches.status, counting)))
      : []),
  ].filter((m) => !except.includes(m.groupId));
  if (held.length > 0) {
    const m = held[0]!;
    throw conflict('ALREADY_MATCHED', `${m.invoiceId ? `invoice ${m.invoiceId}` : `line ${m.statementLineId}`} already belongs to match ${m.groupId} (${m.status}); undo it first`);
  }
}

/** The rows of one match group, which the API calls a match. */
export async function matchGroupOrThrow(tx: Tx, groupId: string) {
  const rows = await tx.select().from(matches).where(eq(matches.groupId, groupId));
  if (rows.length === 0) throw notFound('match');
  return rows;
}

export function groupView(rows: (typeof matches.$inferSelect)[]) {
  const first = rows[0]!;
  return {
    id: first.groupId,
    status: first.undoneAt ? 'undone' : first.status,
    shape: first.shape,
    invoiceIds: [...new Set(rows.map((r) => r.invoiceId).filter((x): x is string => x !== null))],
    statementLineIds: [...new Set(rows.map((r) => r.statementLineId).filter((x): x is number => x !== null))],
    serviceType: first.serviceType,
    reason: first.reason,
    actor: first.actor,
    score: first.score,
  };
}
