import { signBody } from '../../src/identity/signature.js';

export function providerHeaders(keyId: string, secret: string, body: string, at = Math.floor(Date.now() / 1000)) {
  return { authorization: `Bearer ${keyId}`, 'x-signature': signBody(secret, at, body) };
}
