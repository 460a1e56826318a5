import { z } from '@hono/zod-openapi';
import { providerAccounts } from '../../db/schema/index.js';

export const AccountId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f/]+$/, 'a FOCUS BillingAccountId or SubAccountId: up to 200 characters, no "/" or control characters')
  .openapi({ param: { name: 'accountId', in: 'path' }, description: 'the provider’s BillingAccountId or SubAccountId, as in its FOCUS exports', example: '200000000011' });

/** Which customer a provider's billing account belongs to: FOCUS rows of the account are that customer's. */
export const ProviderAccountView = z
  .object({ accountId: z.string(), uscc: z.string(), createdAt: z.string(), updatedAt: z.string(), createdBy: z.string() })
  .openapi('ProviderAccount');
export type ProviderAccountView = z.infer<typeof ProviderAccountView>;

export function accountView(a: typeof providerAccounts.$inferSelect): ProviderAccountView {
  return { accountId: a.accountId, uscc: a.uscc, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(), createdBy: a.createdBy };
}
