import type { Context } from 'hono';
import { beginProviderSignature, verifyProviderSignature, type SignatureCheck } from '../services/identity/verify-provider-signature.js';
import type { ProviderPrincipal } from '../services/scope.js';
import { bearerCredential } from './credentials.js';
import type { AppEnv } from './env.js';
import { enforceRateLimit } from './rate-limit.js';

type Spend = SignatureCheck['spend'];

function signatureCheck(c: Context<AppEnv>, spend: Spend): SignatureCheck {
  const { db, clock, secretKey, config } = c.get('deps');
  return {
    db,
    secretKey,
    now: clock(),
    windowSeconds: config.SIGNATURE_WINDOW_SECONDS,
    spend,
    // Counted once the signature holds and before it is spent, so a limited request may be sent again as is.
    beforeSpend: (key) => enforceRateLimit(c, 'provider', key),
  };
}

function accept(c: Context<AppEnv>, verified: Awaited<ReturnType<typeof verifyProviderSignature>>): ProviderPrincipal {
  if (verified.unspent) c.set('signatureNonce', verified.unspent);
  c.set('principal', verified.principal);
  return verified.principal;
}

/**
 * A provider's signed request: `Authorization: Bearer <keyId>` + `X-Signature: t=…,v1=…` over the raw body,
 * verified by the identity verb. `spend: 'with-writes'` (requests that change data) leaves the signature to
 * be spent by the service's transaction (see SignatureCheck.spend).
 */
export async function requireProvider(c: Context<AppEnv>, opts: { spend?: Spend } = {}): Promise<ProviderPrincipal> {
  const keyId = bearerCredential(c) ?? '';
  const verified = await verifyProviderSignature(signatureCheck(c, opts.spend ?? 'now'), {
    keyId,
    signature: c.req.header('x-signature'),
    rawBody: await c.req.text(),
  });
  return accept(c, verified);
}

/**
 * The same for a body the route streams instead of reading whole (a FOCUS export): key and header are
 * checked now; the route feeds the body's bytes to `update` and calls `finish`, which checks the MAC and
 * makes the provider the request's principal, before it acts on what it read.
 */
export async function openSignedBody(c: Context<AppEnv>, opts: { spend: Spend }) {
  const signed = await beginProviderSignature(signatureCheck(c, opts.spend), { keyId: bearerCredential(c) ?? '', signature: c.req.header('x-signature') });
  return {
    providerId: signed.providerId,
    update: signed.update,
    finish: async (): Promise<ProviderPrincipal> => accept(c, await signed.finish()),
  };
}
