import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { trustAnchors } from '../../db/schema/index.js';
import { actorOf } from '../../identity/principal.js';
import { conflict, notFound } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { trustAnchorView } from './trust-anchor-view.js';

export const RevokeTrustAnchorBody = z.strictObject({ reason: z.string().trim().min(3, 'a reason is required').max(2000) });

/**
 * Stops using a trust anchor for invoices parsed from now on; it stays on record. Results already
 * stored keep naming the anchor they were checked against.
 */
export async function revokeTrustAnchor(ctx: ServiceContext, id: string, body: z.infer<typeof RevokeTrustAnchorBody>) {
  const p = assertRole(ctx, 'admin');
  return verb(ctx, async (tx) => {
    const [row] = await tx.select().from(trustAnchors).where(eq(trustAnchors.id, id)).for('update');
    if (!row) throw notFound('trust anchor');
    if (row.revokedAt) throw conflict('TRUST_ANCHOR_REVOKED', `trust anchor ${id} was already revoked`);
    const [updated] = await tx.update(trustAnchors).set({ revokedAt: ctx.clock(), revokedBy: actorOf(p) }).where(eq(trustAnchors.id, id)).returning();
    const after = trustAnchorView(updated!);
    const { certificate: _pem, ...summary } = after;
    return {
      result: after,
      audit: { action: 'trust_anchor.revoked', entityType: 'trust_anchor', entityId: id, before: { revokedAt: null }, after: { ...summary, reason: body.reason } },
    };
  });
}
