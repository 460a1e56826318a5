import type { Context } from 'hono';

/** The credential of `Authorization: Bearer <credential>`: a user token or a provider's key id. */
export function bearerCredential(c: Context): string | null {
  const header = c.req.header('authorization');
  return header?.startsWith('Bearer ') ? header.slice(7).trim() || null : null;
}
