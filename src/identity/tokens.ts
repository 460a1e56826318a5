import { createHash } from 'node:crypto';
import { randomSecret } from '../domain/ids.js';

/** Bearer tokens carry 256 random bits; only their SHA-256 is stored. */
export function issueToken(): { token: string; hash: string } {
  const token = randomSecret('cst_');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const PROVIDER_KEY_PREFIX = 'pk_';

/** A provider's key id: public (it names the key; the secret signs), so it is short and marked as such. */
export function newProviderKeyId(): string {
  return randomSecret(PROVIDER_KEY_PREFIX).slice(0, 27);
}

/** Whether a bearer credential has the shape of a provider key id; user tokens may have any other shape. */
export function looksLikeProviderKeyId(credential: string): boolean {
  return credential.startsWith(PROVIDER_KEY_PREFIX);
}
