import { and, eq } from 'drizzle-orm';
import { providerKeys, providers } from '../../db/schema/index.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { conflict, notFound } from '../errors.js';
import { providerInScope } from './access.js';
import { lockProviderKeys } from './create-key.js';
import { keyView } from './key-view.js';

/**
 * Revokes a signing key: from then on a request it signs is refused (401 KEY_REVOKED), and signatures it
 * made earlier can no more be replayed than before. An admin may revoke any key, the last one included (a
 * leaked key is shut at once; the admin issues a new one). A provider revoking its own keys keeps at least
 * one active (409 LAST_ACTIVE_KEY), so a rotation cannot lock it out. Revoking a revoked key changes nothing.
 */
export async function revokeProviderKey(ctx: ServiceContext, providerId: string, keyId: string) {
  const provider = await providerInScope(ctx, providerId, ['admin']);
  return verb(ctx, async (tx) => {
    const keys = await lockProviderKeys(tx, provider.providerId);
    const key = keys.find((k) => k.keyId === keyId);
    if (!key) throw notFound('signing key');
    if (key.revokedAt !== null) return { result: keyView(key), audit: null };
    const active = keys.filter((k) => k.revokedAt === null).length;
    if (ctx.principal?.kind === 'provider' && active <= 1) {
      throw conflict('LAST_ACTIVE_KEY', 'this is the only active key: have an admin add a new key (POST /v1/providers/{id}/keys) and switch to it before revoking this one');
    }
    const [row] = await tx
      .update(providerKeys)
      .set({ revokedAt: ctx.clock(), revokedBy: actorOf(ctx.principal) })
      .where(eq(providerKeys.id, key.id))
      .returning();
    // The registration's legacy copy of its first key goes with the key, so no revoked secret stays stored twice.
    await tx.update(providers).set({ keyId: null, secretSealed: null }).where(and(eq(providers.id, provider.providerId), eq(providers.keyId, keyId)));
    const view = keyView(row!);
    const signedWith = ctx.principal?.kind === 'provider' ? ctx.principal.keyId : null;
    return {
      result: view,
      audit: { action: 'provider.key_revoked', entityType: 'provider', entityId: provider.providerId, before: keyView(key), after: { ...view, signedWith, activeKeys: active - 1 } },
    };
  });
}
