import type { Context } from 'hono';
import { verifyProviderSignature } from '../services/identity/verify-provider-signature.js';
import type { ProviderPrincipal } from '../services/scope.js';
import { bearerCredential } from './credentials.js';
import type { AppEnv } from './env.js';
import { enforceRateLimit } from './rate-limit.js';

/**
 * A provider's signed request: `Authorization: Bearer <keyId>` + `X-Signature: t=…,v1=…` over the raw body,
 * verified by the identity verb. `spend: 'with-writes'` (requests that change data) leaves the signature to
 * be spent by the service's transaction (see SignatureCheck.spend).
 */
export async function requireProvider(c: Context<AppEnv>, opts: { spend?: 'now' | 'with-writes' } = {}): Promise<ProviderPrincipal> {
  const { db, clock, secretKey, config } = c.get('deps');
  const keyId = bearerCredential(c) ?? '';
  const { principal, unspent } = await verifyProviderSignature(
    {
      db,
      secretKey,
      now: clock(),
      windowSeconds: config.SIGNATURE_WINDOW_SECONDS,
      spend: opts.spend ?? 'now',
      // Counted once the signature holds and before it is spent, so a limited request may be sent again as is.
      beforeSpend: (key) => enforceRateLimit(c, 'provider', key),
    },
    { keyId, signature: c.req.header('x-signature'), rawBody: await c.req.text() },
  );
  if (unspent) c.set('signatureNonce', unspent);
  c.set('principal', principal);
  return principal;
}
