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
