import { asc, eq } from 'drizzle-orm';
import { providerAccounts } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { providerInScope } from './access.js';
import { accountView } from './account-view.js';

/** A provider's billing accounts and their customers (admin, the provider, its users). */
export async function listProviderAccounts(ctx: ServiceContext, providerId: string) {
  const provider = await providerInScope(ctx, providerId, ['admin', 'provider']);
  const rows = await ctx.db.select().from(providerAccounts).where(eq(providerAccounts.providerId, provider.providerId)).orderBy(asc(providerAccounts.accountId));
  return { providerId: provider.providerId, items: rows.map(accountView) };
}
