import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { hashPassword, Password } from './password.js';

export const SetPasswordInput = z.strictObject({ password: Password });
export type SetPasswordInput = z.infer<typeof SetPasswordInput>;

/**
 * Admin sets a user's console password. It also lifts a lock-out and ends the user's console sessions,
 * so a reset after a suspected compromise takes effect at once.
 */
export async function setPassword(ctx: ServiceContext, userId: string, input: SetPasswordInput) {
  assertRole(ctx, 'admin');
  const passwordHash = await hashPassword(input.password);
  return verb(ctx, async (tx) => {
    const [row] = await tx.select({ id: users.id, hadPassword: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
    if (!row) throw notFound('user');
    await tx.update(users).set({ passwordHash, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
    const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
    // The hash never enters the audit log; only the fact of the change does.
    return {
      result: { id: userId, passwordSet: true as const },
      audit: {
        action: 'user.password_set',
        entityType: 'user',
        entityId: userId,
        before: { passwordSet: row.hadPassword !== null },
        after: { passwordSet: true, sessionsEnded: ended.length },
      },
    };
  });
}
