import { asc, isNull } from 'drizzle-orm';
import type { Tx, Db } from '../../db/client.js';
import { trustAnchors } from '../../db/schema/index.js';
import type { TrustAnchor } from '../../invoices/signature/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { trustAnchorView } from './trust-anchor-view.js';

/** Every trust anchor, revoked ones included (they stay on record), oldest first. */
export async function listTrustAnchors(ctx: ServiceContext) {
  assertRole(ctx, 'admin', 'auditor', 'finance_preparer', 'finance_approver');
  const rows = await ctx.db.select().from(trustAnchors).orderBy(asc(trustAnchors.createdAt), asc(trustAnchors.id));
  return { items: rows.map(trustAnchorView) };
}

/** The anchors signatures are checked against: those not revoked. */
export async function activeTrustAnchors(db: Tx | Db): Promise<TrustAnchor[]> {
  const rows = await db
    .select({ id: trustAnchors.id, name: trustAnchors.name, der: trustAnchors.der })
    .from(trustAnchors)
    .where(isNull(trustAnchors.revokedAt))
    .orderBy(asc(trustAnchors.createdAt));
  return rows.map((r) => ({ id: r.id, name: r.name, der: new Uint8Array(r.der) }));
}
