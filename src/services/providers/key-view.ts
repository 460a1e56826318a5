import { z } from '@hono/zod-openapi';
import { providerKeys } from '../../db/schema/index.js';

/** A signing key as anyone may see it: never its secret, which is shown once, when the key is created. */
export const ProviderKeyView = z
  .object({
    keyId: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'last accepted signature, to the minute' }),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
  })
  .openapi('ProviderKey');
export type ProviderKeyView = z.infer<typeof ProviderKeyView>;

/** A provider may hold this many active keys: the old and the new one while it switches over. */
export const MAX_ACTIVE_KEYS = 2;

export function keyView(k: typeof providerKeys.$inferSelect): ProviderKeyView {
  return {
    keyId: k.keyId,
    active: k.revokedAt === null,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    revokedBy: k.revokedBy,
  };
}
