import type { MiddlewareHandler } from 'hono';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client.js';
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
      // Every request asks this, so it is written as SQL rather than assembled by the query builder.
      const [row] = rowsOf<{ userId: string; name: string; role: string; scope: string | null; disabledAt: unknown }>(
        await db.execute(sql`select u.id as "userId", u.name, u.role, u.scope, u.disabled_at as "disabledAt"
          from api_tokens t join users u on u.id = t.user_id
          where t.token_hash = ${hashToken(token)} and t.revoked_at is null limit 1`),
      );
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
