import { asc, eq } from 'drizzle-orm';
import { providerKeys } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { providerInScope } from './access.js';
import { keyView } from './key-view.js';

/** A provider's signing keys, oldest first, without their secrets (admin, the provider, its users). */
export async function listProviderKeys(ctx: ServiceContext, providerId: string) {
  const provider = await providerInScope(ctx, providerId, ['admin', 'provider']);
  const rows = await ctx.db.select().from(providerKeys).where(eq(providerKeys.providerId, provider.providerId)).orderBy(asc(providerKeys.createdAt), asc(providerKeys.keyId));
  return { providerId: provider.providerId, items: rows.map(keyView) };
}
