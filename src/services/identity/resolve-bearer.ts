import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.js';
import { providerKeys } from '../../db/schema/index.js';
import { Role } from '../../identity/principal.js';
import { hashToken } from '../../identity/tokens.js';
import { unauthenticated } from '../errors.js';
import type { UserPrincipal } from '../scope.js';
import type { PrincipalCache } from './principal-cache.js';

// RFC 9110: a 401 names the scheme to authenticate with.
const notValid = () => unauthenticated('the bearer token is not valid', { credential: 'bearer' });

/**
 * What a bearer credential stands for. A user's API token is looked up by its hash whatever its shape, so a
 * token the operator chose (BOOTSTRAP_ADMIN_TOKEN) works like an issued `cst_` one. A provider's key id
 * gives null: it is no user, and provider routes verify its request signature (verify-provider-signature.ts).
 * Anything else, a revoked token or a disabled user's included, is refused. A user's principal is kept in
 * `cache` (principal-cache.ts) for the requests after.
 */
export async function resolveBearer(db: Db, token: string, cache?: PrincipalCache): Promise<UserPrincipal | null> {
  const tokenHash = hashToken(token);
  const cached = cache?.get(tokenHash);
  if (cached) return cached;
  const ticket = cache?.ticket();
  // Every uncached request asks this, so it is written as SQL rather than assembled by the query builder.
  const [row] = rowsOf<{ userId: string; name: string; role: string; scope: string | null; disabledAt: unknown }>(
    await db.execute(sql`select u.id as "userId", u.name, u.role, u.scope, u.disabled_at as "disabledAt"
      from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = ${tokenHash} and t.revoked_at is null limit 1`),
  );
  if (row) {
    if (row.disabledAt) throw notValid();
    const principal: UserPrincipal = { kind: 'user', userId: row.userId, name: row.name, role: Role.parse(row.role), scope: row.scope };
    if (cache && ticket !== undefined) cache.store(tokenHash, principal, ticket);
    return principal;
  }
  const [provider] = await db.select({ id: providerKeys.id }).from(providerKeys).where(eq(providerKeys.keyId, token)).limit(1);
  if (provider) return null;
  throw notValid();
}
