import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { providerAccounts } from '../../db/schema/index.js';
import { isValidUscc } from '../../domain/uscc.js';
import { actorOf } from '../../identity/principal.js';
import { verb, type ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { ME, providerInScope } from './access.js';
import { accountView, type ProviderAccountView } from './account-view.js';

export const PutAccountInput = z
  .strictObject({ uscc: z.string().trim().toUpperCase().openapi({ description: 'the customer (an enterprise’s USCC) the account bills', example: '91350100000000012X' }) })
  .openapi('ProviderAccountInput');
export type PutAccountInput = z.infer<typeof PutAccountInput>;

/**
 * Maps one of the provider's billing accounts to the customer it bills (a signed provider request). FOCUS
 * rows without `x_CustomerUscc` are that customer's from the next push on; statements already stored keep
 * the customers they were stored with. The same mapping again changes nothing.
 */
export async function putProviderAccount(ctx: ServiceContext, accountId: string, input: PutAccountInput) {
  const provider = await providerInScope(ctx, ME, []);
  if (!isValidUscc(input.uscc)) {
    throw invalid('INVALID_USCC', 'the USCC fails the GB 32100-2015 / GB 11714 check characters', [{ path: 'uscc', message: 'invalid check character or shape' }]);
  }
  return verb<{ created: boolean; account: ProviderAccountView }>(ctx, async (tx) => {
    const key = and(eq(providerAccounts.providerId, provider.providerId), eq(providerAccounts.accountId, accountId));
    const [before] = await tx.select().from(providerAccounts).where(key).for('update');
    if (before && before.uscc === input.uscc) return { result: { created: false, account: accountView(before) }, audit: null };
    const actor = actorOf(ctx.principal);
    const [row] = before
      ? await tx.update(providerAccounts).set({ uscc: input.uscc, updatedAt: ctx.clock() }).where(key).returning()
      : await tx.insert(providerAccounts).values({ providerId: provider.providerId, accountId, uscc: input.uscc, createdBy: actor }).returning();
    const account = accountView(row!);
    const signedWith = ctx.principal?.kind === 'provider' ? ctx.principal.keyId : null;
    return {
      result: { created: !before, account },
      audit: {
        action: 'provider.account_mapped',
        entityType: 'provider',
        entityId: provider.providerId,
        before: before ? accountView(before) : null,
        after: { ...account, signedWith },
      },
    };
  });
}
