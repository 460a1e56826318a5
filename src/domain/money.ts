/**
 * Money is integer fen (1 yuan = 100 fen) held in a JS number that must stay a safe integer.
 * Decimal strings in yuan exist only at the edges (API, invoices); nothing here touches floats.
 */
export type Fen = number;

const STRICT = /^(-)?(\d{1,13})\.(\d{2})$/;
const LENIENT = /^([-+])?(\d{1,13})(?:\.(\d{1,2}))?$/;

export class MoneyError extends Error {
  override name = 'MoneyError';
}

function assembleFen(sign: string | undefined, whole: string, frac: string): Fen {
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  // "-0.00" must read as 0, not −0, so it compares and formats like any other zero.
  return sign === '-' && fen !== 0 ? -fen : fen;
}

/** Parses the API form: yuan with exactly two decimals ("100000.00", "-1200.50"). */
export function parseYuan(text: string): Fen {
  const m = STRICT.exec(text);
  if (!m) throw new MoneyError(`not a yuan amount with two decimals: ${JSON.stringify(text)}`);
  return assembleFen(m[1], m[2]!, m[3]!);
}

/** True when `text` is in the strict API form. */
export function isYuan(text: string): boolean {
  return STRICT.test(text);
}

/**
 * Parses amounts as printed on documents: optional ¥/￥, thousands separators, full-width digits,
 * 0–2 decimals. Returns null when the text is not an amount.
 */
export function parseYuanLoose(text: string): Fen | null {
  const cleaned = text
    .normalize('NFKC')
    .replace(/[¥￥,\s]/g, '');
  const m = LENIENT.exec(cleaned);
  if (!m) return null;
  return assembleFen(m[1], m[2]!, m[3] ?? '');
}

/** Formats fen as the API's decimal string: "-1200.50". */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.trunc(abs / 100);
  const frac = abs % 100;
  return `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

export function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen)) throw new MoneyError(`not an integer fen amount: ${fen}`);
}

/**
 * floor(fen × numerator / denominator) computed exactly in BigInt, so a rate such as 50% (1/2) or
 * 30% (3/10) never passes through a float. Floors toward −∞, which for subsidies means "never more".
 */
export function floorMulRatio(fen: Fen, numerator: number | bigint, denominator: number | bigint): Fen {
  assertFen(fen);
  const n = BigInt(fen) * BigInt(numerator);
  const d = BigInt(denominator);
  if (d <= 0n) throw new MoneyError('denominator must be positive');
  let q = n / d;
  if (n % d !== 0n && n < 0n) q -= 1n;
  return Number(q);
}

/** A rate written as a decimal string ("0.5", "0.30", "1") turned into an exact fraction. */
export function rateFraction(rate: string): { numerator: bigint; denominator: bigint } {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!m) throw new MoneyError(`not a rate: ${JSON.stringify(rate)}`);
  const frac = m[2] ?? '';
  const denominator = 10n ** BigInt(frac.length);
  return { numerator: BigInt(m[1]! + frac), denominator };
}

/** floor(fen × rate) where rate is a decimal string. */
export function floorMulRate(fen: Fen, rate: string): Fen {
  const { numerator, denominator } = rateFraction(rate);
  return floorMulRatio(fen, numerator, denominator);
}

export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0;
  for (const v of values) total += v;
  assertFen(total);
  return total;
}
