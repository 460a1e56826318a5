import { z } from 'zod';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { users } from '../../db/schema/index.js';
import { Role } from '../../identity/principal.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

export const ListUsersQuery = z.strictObject({
  role: Role.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The last id of the page before. */
  after: z.string().max(64).optional(),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuery>;

/** Users with their role, scope and standing (disabled, locked, live tokens): the administrator's register. */
export async function listUsers(ctx: ServiceContext, q: ListUsersQuery) {
  assertRole(ctx, 'admin');
  const where: SQL[] = [];
  if (q.role) where.push(eq(users.role, q.role));
  if (q.after) where.push(gt(users.id, q.after));
  // Written out with its own alias: drizzle renders columns in a subquery unqualified, and "id" there would be
  // the token's own id, so every user counted no live tokens.
  const liveTokens = sql<number>`(select count(*) from api_tokens t where t.user_id = "users"."id" and t.revoked_at is null)`.mapWith(Number);
  const rows = await ctx.db
    .select({ user: users, liveTokens })
    .from(users)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(users.id))
    .limit(q.limit + 1);
  const shown = rows.slice(0, q.limit);
  return {
    items: shown.map(({ user: u, liveTokens: n }) => ({
      id: u.id,
      name: u.name,
      role: u.role,
      scope: u.scope,
      consolePassword: u.passwordHash !== null,
      disabledAt: u.disabledAt?.toISOString() ?? null,
      lockedUntil: u.lockedUntil?.toISOString() ?? null,
      liveTokens: n,
      createdAt: u.createdAt.toISOString(),
    })),
    nextAfter: rows.length > q.limit ? shown[shown.length - 1]!.user.id : null,
  };
}
