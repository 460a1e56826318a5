import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { providerKeys, providerRequestNonces, providers } from '../../db/schema/index.js';
import { unsealSecret } from '../../identity/sealed-secret.js';
import { verifySignature } from '../../identity/signature.js';
import { signatureReplayed, signatureSpent, spendSignature, type SignatureNonce } from '../../identity/signature-nonce.js';
import { unauthenticated } from '../errors.js';
import type { ProviderPrincipal } from '../scope.js';

/** A provider request as signed: `Authorization: Bearer <keyId>` and `X-Signature: t=…,v1=…` over the raw body. */
export interface SignedRequest {
  keyId: string;
  signature: string | undefined;
  rawBody: string;
}

export interface SignatureCheck {
  db: Db;
  /** Key that seals provider secrets at rest. */
  secretKey: Buffer;
  now: Date;
  windowSeconds: number;
  /**
   * `now` records the signature here. `with-writes` (requests that change data) only checks it is unspent
   * and hands it back, to be spent inside the verb's transaction: a request that failed and changed nothing
   * (say the database went away mid-way and it was answered 503) may then be sent again exactly as it was,
   * while a request that did commit can still never be replayed.
   */
  spend: 'now' | 'with-writes';
  /** Runs once the signature holds and before it is spent (the per-key rate limit), so a refused request may be sent again as is. */
  beforeSpend?(keyId: string): Promise<void>;
}

export interface VerifiedProvider {
  principal: ProviderPrincipal;
  /** With `spend: 'with-writes'`: the signature the verb's transaction must spend. */
  unspent?: SignatureNonce;
}

const refuse = (detail: string, code = 'UNAUTHENTICATED') => unauthenticated(detail, { code, credential: 'signature' });

/**
 * Verifies a provider's signed request. A signature is accepted once: it is recorded, and the same
 * signature again (a replay) is refused, as is one outside the freshness window.
 */
export async function verifyProviderSignature(check: SignatureCheck, req: SignedRequest): Promise<VerifiedProvider> {
  const { db, windowSeconds: window } = check;
  if (!req.keyId) throw refuse('a provider key and X-Signature are required');
  const [provider] = await db
    .select({ id: providers.id, uscc: providers.uscc, secretSealed: providerKeys.secretSealed })
    .from(providerKeys)
    .innerJoin(providers, eq(providers.id, providerKeys.providerId))
    .where(and(eq(providerKeys.keyId, req.keyId), isNull(providerKeys.revokedAt)))
    .limit(1);
  if (!provider) throw refuse('unknown provider key');

  const now = Math.floor(check.now.getTime() / 1000);
  const secret = unsealSecret(check.secretKey, provider.secretSealed);
  const { verdict, parsed } = verifySignature(secret, req.signature, req.rawBody, now, window);
  if (verdict === 'malformed') throw refuse('X-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>', 'SIGNATURE_MALFORMED');
  if (verdict === 'stale') throw refuse(`the signature is older than ${window} s or from the future`, 'SIGNATURE_STALE');
  if (verdict === 'bad_mac') throw refuse('the signature does not match the body', 'SIGNATURE_INVALID');
  await check.beforeSpend?.(req.keyId);

  const nonce: SignatureNonce = { keyId: req.keyId, signature: parsed!.v1, signedAt: new Date(parsed!.t * 1000) };
  let unspent: SignatureNonce | undefined;
  if (check.spend === 'with-writes') {
    if (await signatureSpent(db, nonce)) throw signatureReplayed();
    unspent = nonce;
  } else if (!(await spendSignature(db, nonce))) {
    throw signatureReplayed();
  }
  // Signatures past the window can never be accepted again, so their record is no longer needed.
  await db
    .delete(providerRequestNonces)
    .where(and(eq(providerRequestNonces.keyId, req.keyId), lt(providerRequestNonces.signedAt, new Date((now - 2 * window) * 1000))));

  const principal: ProviderPrincipal = { kind: 'provider', providerId: provider.id, uscc: provider.uscc, keyId: req.keyId };
  return unspent ? { principal, unspent } : { principal };
}
