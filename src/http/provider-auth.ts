import type { Context } from 'hono';
import { and, eq, lt } from 'drizzle-orm';
import { providerRequestNonces, providers } from '../db/schema/index.js';
import { unsealSecret } from '../identity/sealed-secret.js';
import { verifySignature } from '../identity/signature.js';
import { signatureReplayed, signatureSpent, spendSignature, type SignatureNonce } from '../identity/signature-nonce.js';
import type { Principal } from '../identity/principal.js';
import type { AppEnv } from './env.js';
import { ApiError } from './problem.js';
import { enforceRateLimit } from './rate-limit.js';

export type ProviderPrincipal = Extract<Principal, { kind: 'provider' }>;

const refuse = (detail: string, code = 'UNAUTHENTICATED') =>
  new ApiError(401, code, detail, undefined, { 'WWW-Authenticate': 'Signature' });

/**
 * Verifies `Authorization: Bearer <keyId>` + `X-Signature: t=…,v1=…` over the raw body. A signature is
 * accepted once: it is recorded, and the same signature again (a replay) is refused, as is one outside
 * the freshness window.
 *
 * `spend: 'with-writes'` (requests that change data) records the signature inside the service's
 * transaction instead of here: a request that failed and changed nothing (say the database went away
 * mid-way and it was answered 503) may then be sent again exactly as it was, while a request that did
 * commit can still never be replayed.
 */
export async function requireProvider(c: Context<AppEnv>, opts: { spend?: 'now' | 'with-writes' } = {}): Promise<ProviderPrincipal> {
  const { db, clock, secretKey, config } = c.get('deps');
  const header = c.req.header('authorization');
  const keyId = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!keyId) throw refuse('a provider key and X-Signature are required');
  const [provider] = await db.select().from(providers).where(eq(providers.keyId, keyId)).limit(1);
  if (!provider) throw refuse('unknown provider key');

  const rawBody = await c.req.text();
  const now = Math.floor(clock().getTime() / 1000);
  const window = config.SIGNATURE_WINDOW_SECONDS;
  const secret = unsealSecret(secretKey, provider.secretSealed);
  const { verdict, parsed } = verifySignature(secret, c.req.header('x-signature'), rawBody, now, window);
  if (verdict === 'malformed') throw refuse('X-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>', 'SIGNATURE_MALFORMED');
  if (verdict === 'stale') throw refuse(`the signature is older than ${window} s or from the future`, 'SIGNATURE_STALE');
  if (verdict === 'bad_mac') throw refuse('the signature does not match the body', 'SIGNATURE_INVALID');
  // Counted once the signature holds and before it is spent, so a limited request may be sent again as is.
  await enforceRateLimit(c, 'provider', keyId);

  const nonce: SignatureNonce = { keyId, signature: parsed!.v1, signedAt: new Date(parsed!.t * 1000) };
  if (opts.spend === 'with-writes') {
    if (await signatureSpent(db, nonce)) throw signatureReplayed();
    c.set('signatureNonce', nonce);
  } else if (!(await spendSignature(db, nonce))) {
    throw signatureReplayed();
  }
  // Signatures past the window can never be accepted again, so their record is no longer needed.
  await db
    .delete(providerRequestNonces)
    .where(and(eq(providerRequestNonces.keyId, keyId), lt(providerRequestNonces.signedAt, new Date((now - 2 * window) * 1000))));

  const principal: ProviderPrincipal = { kind: 'provider', providerId: provider.id, uscc: provider.uscc, keyId };
  c.set('principal', principal);
  return principal;
}
