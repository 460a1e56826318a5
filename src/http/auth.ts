import type { MiddlewareHandler } from 'hono';
import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema/index.js';
import { hashToken } from '../identity/tokens.js';
import { Role as RoleSchema } from '../identity/principal.js';
import type { AppEnv } from './env.js';
import { ApiError } from './problem.js';

/**
 * Resolves a user bearer token into a principal. Provider keys are not user tokens: provider routes
 * verify their own signature (provider-auth.ts); each route says which role it requires.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    // Every /v1 route needs some credential; refusing here keeps 401 ahead of body validation.
    if (!token) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'a bearer token is required', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    if (token.startsWith('cst_')) {
      const { db } = c.get('deps');
      const [row] = await db
        .select({ userId: users.id, name: users.name, role: users.role, scope: users.scope, disabledAt: users.disabledAt })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
        .limit(1);
      if (!row || row.disabledAt) throw new ApiError(401, 'UNAUTHENTICATED', 'the bearer token is not valid');
      c.set('principal', {
        kind: 'user',
        userId: row.userId,
        name: row.name,
        role: RoleSchema.parse(row.role),
        scope: row.scope,
      });
    }
    await next();
  };
}
