import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")> */
export function signBody(secret: string, unixSeconds: number, rawBody: string): string {
  return `t=${unixSeconds},v1=${bodyMac(secret, unixSeconds, rawBody)}`;
}

/**
 * The MAC over "<t>.<raw body>", fed in two parts: the same bytes as the joined string, without copying a
 * statement body of tens of MB into a new string first.
 */
function bodyMac(secret: string, unixSeconds: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(rawBody).digest('hex');
}

export function parseSignatureHeader(header: string | undefined): { t: number; v1: string } | null {
  if (!header) return null;
  let t: number | null = null;
  let v1: string | null = null;
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) v1 = v.toLowerCase();
  }
  return t === null || v1 === null ? null : { t, v1 };
}

export type SignatureVerdict = 'ok' | 'malformed' | 'stale' | 'bad_mac';

export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  nowSeconds: number,
  windowSeconds: number,
): { verdict: SignatureVerdict; parsed: { t: number; v1: string } | null } {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { verdict: 'malformed', parsed };
  if (Math.abs(nowSeconds - parsed.t) > windowSeconds) return { verdict: 'stale', parsed };
  const expected = Buffer.from(bodyMac(secret, parsed.t, rawBody), 'hex');
  const given = Buffer.from(parsed.v1, 'hex');
  const ok = expected.length === given.length && timingSafeEqual(expected, given);
  return { verdict: ok ? 'ok' : 'bad_mac', parsed };
}
