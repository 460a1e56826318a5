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

/** What the header alone decides: its shape and its freshness; the MAC needs the body. */
export function checkSignatureHeader(
  header: string | undefined,
  nowSeconds: number,
  windowSeconds: number,
): { verdict: 'ok' | 'malformed' | 'stale'; parsed: { t: number; v1: string } | null } {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { verdict: 'malformed', parsed };
  if (Math.abs(nowSeconds - parsed.t) > windowSeconds) return { verdict: 'stale', parsed };
  return { verdict: 'ok', parsed };
}

/**
 * The MAC over "<t>.<raw body>" fed as the body arrives, for bodies too large to hold: the same bytes, so
 * the same MAC as `signBody` gives over the whole body at once.
 */
export function bodyMacStream(secret: string, unixSeconds: number): { update(part: string | Uint8Array): void; matches(v1: string): boolean } {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.`);
  return {
    update: (part) => {
      mac.update(part);
    },
    matches: (v1) => {
      const expected = mac.digest();
      const given = Buffer.from(v1, 'hex');
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
