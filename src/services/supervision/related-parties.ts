import { z } from 'zod';
import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { fraudSignals, relatedParties } from '../../db/schema/index.js';
import { isValidUscc } from '../../domain/uscc.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

const Uscc = z.string().trim().toUpperCase().refine(isValidUscc, 'must be a valid USCC');

export const RelatedPartiesInput = z.strictObject({
  pairs: z
    .array(z.strictObject({ a: Uscc, b: Uscc, note: z.string().max(500).optional() }).refine((p) => p.a !== p.b, { message: 'a party is not related to itself', path: ['b'] }))
    .min(1)
    .max(10_000),
});

/** Imports declared related parties (kept in a canonical order, so a pair is stored once). */
export async function importRelatedParties(ctx: ServiceContext, input: z.infer<typeof RelatedPartiesInput>) {
  assertRole(ctx, 'admin');
  const rows = input.pairs.map((p) => {
    const [a, b] = [p.a, p.b].sort() as [string, string];
    return { usccA: a, usccB: b, note: p.note ?? null };
  });
  return verb(ctx, async (tx) => {
    const inserted = await tx.insert(relatedParties).values(rows).onConflictDoNothing().returning({ a: relatedParties.usccA });
    const result = { received: rows.length, added: inserted.length };
    return { result, audit: { action: 'related_parties.imported', entityType: 'related_parties', entityId: 'list', after: result } };
  });
}

export const FraudSignalQuery = z.strictObject({
  uscc: z.string().max(32).optional(),
  kind: z.string().max(64).optional(),
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Signals raised for review: duplicates across enterprises, self-dealing, related parties, number runs. */
export async function listFraudSignals(ctx: ServiceContext, q: z.infer<typeof FraudSignalQuery>) {
  assertRole(ctx, 'admin', 'provincial_reviewer', 'auditor', 'finance_preparer', 'finance_approver');
  const where: SQL[] = [];
  if (q.uscc) where.push(eq(fraudSignals.uscc, q.uscc));
  if (q.kind) where.push(eq(fraudSignals.kind, q.kind));
  if (q.after) where.push(gt(fraudSignals.id, q.after));
  const rows = await ctx.db.select().from(fraudSignals).where(where.length ? and(...where) : undefined).orderBy(asc(fraudSignals.id)).limit(q.limit);
  return {
    items: rows.map((r) => ({ id: r.id, kind: r.kind, uscc: r.uscc, invoiceId: r.invoiceId, status: r.status, details: r.details, createdAt: r.createdAt.toISOString() })),
    nextAfter: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
  };
}
