import { z } from 'zod';
import { and, eq, lt, sql } from 'drizzle-orm';
import { sessions, users } from '../../db/schema/index.js';
import { locked, unauthenticated } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { decoyHash, verifyPassword } from './password.js';
import { newCsrfToken, newSessionToken } from './sessions.js';

export const SignInInput = z.strictObject({
  userId: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignInInput = z.infer<typeof SignInInput>;

/** Lock-out and lifetime settings, from configuration. */
export interface SignInPolicy {
  maxFailures: number;
  lockoutMinutes: number;
  sessionMinutes: number;
}

const refused = () => unauthenticated('the account or password is wrong', { code: 'INVALID_CREDENTIALS' });
const lockedOut = (until: Date) => locked('ACCOUNT_LOCKED', `too many wrong passwords; the account is locked until ${until.toISOString()}`);

/**
 * Console sign-in. A wrong password counts towards a lock-out; reaching the limit locks the account for
 * a while and starts the count afresh. A locked account is refused before its password is even checked,
 * so guessing during the lock learns nothing. Unknown accounts cost the same time as wrong passwords.
 */
export async function signIn(ctx: ServiceContext, input: SignInInput, policy: SignInPolicy) {
  const now = ctx.clock();
  const [user] = await ctx.db.select().from(users).where(eq(users.id, input.userId)).limit(1);
  if (!user || !user.passwordHash || user.disabledAt) {
    await verifyPassword(input.password, await decoyHash());
    throw refused();
  }
  if (user.lockedUntil && user.lockedUntil > now) throw lockedOut(user.lockedUntil);

  const actorCtx = { ...ctx, actor: `user:${user.id}` };
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const lockedUntil = await verb(actorCtx, async (tx) => {
      // Counted in the database, so parallel guesses cannot slip past the limit.
      const [row] = await tx
        .update(users)
        .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
        .where(eq(users.id, user.id))
        .returning({ failed: users.failedSignIns });
      const failed = row!.failed;
      if (failed < policy.maxFailures) {
        return { result: null, audit: { action: 'user.sign_in_failed', entityType: 'user', entityId: user.id, after: { failedSignIns: failed } } };
      }
      const until = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
      await tx.update(users).set({ failedSignIns: 0, lockedUntil: until }).where(eq(users.id, user.id));
      return { result: until, audit: { action: 'user.locked', entityType: 'user', entityId: user.id, after: { lockedUntil: until.toISOString(), failedSignIns: failed } } };
    });
    throw lockedUntil ? lockedOut(lockedUntil) : refused();
  }

  const { token, id } = newSessionToken();
  const csrfToken = newCsrfToken();
  const expiresAt = new Date(now.getTime() + policy.sessionMinutes * 60_000);
  return verb(actorCtx, async (tx) => {
    await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, now)));
    await tx.insert(sessions).values({ id, userId: user.id, csrfToken, expiresAt });
    return {
      result: { token, csrfToken, expiresAt, userId: user.id },
      audit: { action: 'user.signed_in', entityType: 'user', entityId: user.id, after: { sessionExpiresAt: expiresAt.toISOString() } },
    };
  });
}

/** Ends the signed-in user's current console session. */
export async function signOut(ctx: ServiceContext, sessionId: string) {
  const p = ctx.principal;
  if (!p || p.kind !== 'user') throw unauthenticated('not signed in');
  return verb(ctx, async (tx) => {
    const ended = await tx.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, p.userId))).returning({ id: sessions.id });
    return { result: { ended: ended.length }, audit: ended.length ? { action: 'user.signed_out', entityType: 'user', entityId: p.userId } : null };
  });
}
