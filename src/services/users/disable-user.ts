import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, sessions, users } from '../../db/schema/index.js';
import { conflict, notFound } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { identityChangedThrough } from '../identity/principal-cache.js';

export const DisableUserInput = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type DisableUserInput = z.infer<typeof DisableUserInput>;

/**
 * An administrator disables a user: from this moment none of the user's API tokens works and every console
 * session ends (both are refused for a disabled user). The user's record, and everything it did, stays.
 */
export async function disableUser(ctx: ServiceContext, userId: string, input: DisableUserInput) {
  const p = assertRole(ctx, 'admin');
  if (userId === p.userId) throw conflict('OWN_ACCOUNT', 'an administrator cannot disable the account it is signed in with');
  const now = ctx.clock();
  const disabled = await verb(ctx, async (tx) => {
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).limit(1).for('update');
    if (!row) throw notFound('user');
    if (row.disabledAt) throw conflict('USER_DISABLED', `user ${userId} was already disabled on ${row.disabledAt.toISOString()}`);
    await tx.update(users).set({ disabledAt: now }).where(eq(users.id, userId));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    const result = { id: userId, disabledAt: now.toISOString(), sessionsEnded: ended.length };
    return {
      result,
      audit: { action: 'user.disabled', entityType: 'user', entityId: userId, before: { disabled: false }, after: { ...result, reason: input.reason } },
    };
  });
  identityChangedThrough(ctx.db);
  return disabled;
}

/**
 * An administrator revokes every API token a user holds (a leaked token, a departure): the tokens stop working
 * at once. Console sign-in by password is not affected; disabling the user stops that too.
 */
export async function revokeUserTokens(ctx: ServiceContext, userId: string, input: DisableUserInput) {
  const p = assertRole(ctx, 'admin');
  if (userId === p.userId) throw conflict('OWN_ACCOUNT', 'an administrator cannot revoke the tokens of the account it is signed in with');
  const now = ctx.clock();
  const outcome = await verb(ctx, async (tx) => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
    if (!row) throw notFound('user');
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    const result = { id: userId, tokensRevoked: revoked.length, revokedAt: now.toISOString() };
    return { result, audit: { action: 'user.tokens_revoked', entityType: 'user', entityId: userId, after: { ...result, tokenIds: revoked.map((t) => t.id), reason: input.reason } } };
  });
  identityChangedThrough(ctx.db);
  return outcome;
}
