import { randomBytes, randomUUID } from 'node:crypto';

/** Opaque, sortable-enough ids with a type prefix so a wrong id in the wrong place is obvious in logs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

/** A random secret of 32 bytes, URL-safe. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}
