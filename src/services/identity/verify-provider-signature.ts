import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { providerKeys, providerRequestNonces, providers } from '../../db/schema/index.js';
import { unsealSecret } from '../../identity/sealed-secret.js';
import { bodyMacStream, checkSignatureHeader } from '../../identity/signature.js';
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
   * while a request that did commit can still never be replayed. `never` (a dry run, which reads) only
   * checks it is unspent, so the same signed body may afterwards be sent for real.
   */
  spend: 'now' | 'with-writes' | 'never';
  /** Runs once the signature holds and before it is spent (the per-key rate limit), so a refused request may be sent again as is. */
  beforeSpend?(keyId: string): Promise<void>;
}

export interface VerifiedProvider {
  principal: ProviderPrincipal;
  /** With `spend: 'with-writes'`: the signature the verb's transaction must spend. */
  unspent?: SignatureNonce;
}

/** A signed request whose body is still arriving: fed to `update` as it comes, judged by `finish`. */
export interface SignedBody {
  /** The provider the key belongs to; nothing is proven until `finish` has accepted the MAC. */
  providerId: string;
  update(part: string | Uint8Array): void;
  finish(): Promise<VerifiedProvider>;
}

const refuse = (detail: string, code = 'UNAUTHENTICATED') => unauthenticated(detail, { code, credential: 'signature' });

// last_used_at is kept to the minute: a key that signs every second need not be written every second.
const LAST_USED_STEP_MS = 60_000;

/**
 * Verifies a provider's signed request. A signature is accepted once: it is recorded, and the same
 * signature again (a replay) is refused, as is one outside the freshness window or by a revoked key.
 */
export async function verifyProviderSignature(check: SignatureCheck, req: SignedRequest): Promise<VerifiedProvider> {
  const signed = await beginProviderSignature(check, req);
  signed.update(req.rawBody);
  return signed.finish();
}

/**
 * The same verification for a body read as a stream: the key, the header's shape and its freshness are
 * checked before any of the body is read, the MAC once all of it has been fed in. A caller must not act on
 * the body (store it, or answer about its content) before `finish` has resolved.
 */
export async function beginProviderSignature(check: SignatureCheck, req: Omit<SignedRequest, 'rawBody'>): Promise<SignedBody> {
  const { db, windowSeconds: window } = check;
  if (!req.keyId) throw refuse('a provider key and X-Signature are required');
  const [key] = await db
    .select({ providerId: providers.id, uscc: providers.uscc, secretSealed: providerKeys.secretSealed, revokedAt: providerKeys.revokedAt })
    .from(providerKeys)
    .innerJoin(providers, eq(providers.id, providerKeys.providerId))
    .where(eq(providerKeys.keyId, req.keyId))
    .limit(1);
  if (!key) throw refuse('unknown provider key');
  if (key.revokedAt) throw refuse('this provider key has been revoked; sign with an active key', 'KEY_REVOKED');

  const now = Math.floor(check.now.getTime() / 1000);
  const { verdict, parsed } = checkSignatureHeader(req.signature, now, window);
  if (verdict === 'malformed') throw refuse('X-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>', 'SIGNATURE_MALFORMED');
  if (verdict === 'stale') throw refuse(`the signature is older than ${window} s or from the future`, 'SIGNATURE_STALE');
  const { t, v1 } = parsed!;
  const mac = bodyMacStream(unsealSecret(check.secretKey, key.secretSealed), t);

  return {
    providerId: key.providerId,
    update: (part) => mac.update(part),
    finish: async () => {
      if (!mac.matches(v1)) throw refuse('the signature does not match the body', 'SIGNATURE_INVALID');
      await check.beforeSpend?.(req.keyId);
      const nonce: SignatureNonce = { keyId: req.keyId, signature: v1, signedAt: new Date(t * 1000) };
      let unspent: SignatureNonce | undefined;
      if (check.spend === 'now') {
        if (!(await spendSignature(db, nonce))) throw signatureReplayed();
      } else {
        if (await signatureSpent(db, nonce)) throw signatureReplayed();
        if (check.spend === 'with-writes') unspent = nonce;
      }
      // Signatures past the window can never be accepted again, so their record is no longer needed.
      await db
        .delete(providerRequestNonces)
        .where(and(eq(providerRequestNonces.keyId, req.keyId), lt(providerRequestNonces.signedAt, new Date((now - 2 * window) * 1000))));
      await noteKeyUse(db, req.keyId, check.now);
      const principal: ProviderPrincipal = { kind: 'provider', providerId: key.providerId, uscc: key.uscc, keyId: req.keyId };
      return unspent ? { principal, unspent } : { principal };
    },
  };
}

/** Keeps `last_used_at`, so an admin rotating keys sees which key a provider still signs with. */
async function noteKeyUse(db: Db, keyId: string, now: Date): Promise<void> {
  await db
    .update(providerKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(providerKeys.keyId, keyId),
        or(isNull(providerKeys.lastUsedAt), lt(providerKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_STEP_MS))),
      ),
    );
}
