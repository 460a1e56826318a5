import type { MiddlewareHandler } from 'hono';
import { resolveBearer } from '../services/identity/resolve-bearer.js';
import { unauthenticated } from '../services/errors.js';
import { looksLikeProviderKeyId } from '../identity/tokens.js';
import { bearerCredential } from './credentials.js';
import type { AppEnv } from './env.js';
import { enforceRateLimit } from './rate-limit.js';

/**
 * Resolves the bearer credential through the identity verb: a user token becomes the principal; a
 * provider's key id leaves none, for provider routes verify its signature (provider-auth.ts); anything
 * else is refused. Each route says which role it requires.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerCredential(c);
    // Every /v1 route needs some credential; refusing here keeps 401 ahead of body validation.
    if (!token) throw unauthenticated('a bearer token is required', { credential: 'bearer' });
    const { db, principals } = c.get('deps');
    const principal = await resolveBearer(db, token, principals);
    if (principal) {
      // Counted here only when its shape kept rateLimitUserTokens from counting it before the lookup.
      if (looksLikeProviderKeyId(token)) await enforceRateLimit(c, 'token', token);
      c.set('principal', principal);
    }
    await next();
  };
}
