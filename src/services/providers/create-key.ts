import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { providerKeys, providers } from '../../db/schema/index.js';
import { newId, randomSecret } from '../../domain/ids.js';
import { actorOf } from '../../identity/principal.js';
import { sealSecret } from '../../identity/sealed-secret.js';
import { newProviderKeyId } from '../../identity/tokens.js';
import { verb, type ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { providerInScope } from './access.js';
import { keyView, MAX_ACTIVE_KEYS, ProviderKeyView } from './key-view.js';

export const ProviderKeyCreated = ProviderKeyView.extend({ secret: z.string().openapi({ description: 'HMAC signing secret, shown once' }) }).openapi('ProviderKeyCreated');

/** A new key id and secret, and the secret sealed for storage (the secret itself is never stored). */
export function newKeyMaterial(secretKey: Buffer): { keyId: string; secret: string; sealed: string } {
  const secret = randomSecret('psk_');
  return { keyId: newProviderKeyId(), secret, sealed: sealSecret(secretKey, secret) };
}

/** Locks the provider's row, so that two key changes of one provider count the same active keys. */
export async function lockProviderKeys(tx: Tx, providerId: string) {
  await tx.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId)).for('update');
  return tx.select().from(providerKeys).where(eq(providerKeys.providerId, providerId));
}

/**
 * Issues another signing key for a provider (admin for any provider, a provider for itself with a signed
 * request): the first step of a rotation — add the new key, switch the client over, revoke the old one.
 * At most two keys are active at once (409 TOO_MANY_KEYS: revoke one first). The secret is returned once.
 */
export async function createProviderKey(ctx: ServiceContext, secretKey: Buffer, providerId: string) {
  const provider = await providerInScope(ctx, providerId, ['admin']);
  const material = newKeyMaterial(secretKey);
  return verb(ctx, async (tx) => {
    const keys = await lockProviderKeys(tx, provider.providerId);
    const active = keys.filter((k) => k.revokedAt === null).length;
    if (active >= MAX_ACTIVE_KEYS) {
      throw conflict('TOO_MANY_KEYS', `the provider has ${active} active signing keys, the most it may hold; revoke one before adding another`);
    }
    const [row] = await tx
      .insert(providerKeys)
      .values({ id: newId('pkey'), providerId: provider.providerId, keyId: material.keyId, secretSealed: material.sealed, createdBy: actorOf(ctx.principal) })
      .returning();
    const view = keyView(row!);
    const signedWith = ctx.principal?.kind === 'provider' ? ctx.principal.keyId : null;
    return {
      result: { ...view, secret: material.secret },
      audit: { action: 'provider.key_created', entityType: 'provider', entityId: provider.providerId, after: { ...view, signedWith, activeKeys: active + 1 } },
    };
  });
}
