import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { providerRequestNonces } from '../db/schema/index.js';
import { unauthenticated } from '../services/errors.js';

/** One provider request signature, spent once: a second use inside the freshness window is a replay. */
export interface SignatureNonce {
  keyId: string;
  signature: string;
  signedAt: Date;
}

/** Records the signature as used; false when it already was. */
export async function spendSignature(q: Queryable, n: SignatureNonce): Promise<boolean> {
  const inserted = await q
    .insert(providerRequestNonces)
    .values({ keyId: n.keyId, signature: n.signature, signedAt: n.signedAt })
    .onConflictDoNothing()
    .returning({ keyId: providerRequestNonces.keyId });
  return inserted.length > 0;
}

export async function signatureSpent(q: Queryable, n: SignatureNonce): Promise<boolean> {
  const [row] = await q
    .select({ keyId: providerRequestNonces.keyId })
    .from(providerRequestNonces)
    .where(and(eq(providerRequestNonces.keyId, n.keyId), eq(providerRequestNonces.signature, n.signature)))
    .limit(1);
  return row !== undefined;
}

export const signatureReplayed = () =>
  unauthenticated('this signature was already used', { code: 'SIGNATURE_REPLAYED', credential: 'signature' });
