import { isValidDate } from '../../domain/dates.js';

/**
 * Reading single FOCUS cells: costs as exact decimals, invoice ids as 数电 or legacy numbers, and charge
 * period timestamps. Each returns null for a cell it cannot read; the caller names the row.
 */

/** Costs are summed exactly in units of 10⁻¹⁸ yuan; only the line total is rounded, once, to the fen. */
export const COST_SCALE = 18;
const TO_FEN = 10n ** BigInt(COST_SCALE - 2);
const HALF_FEN = TO_FEN / 2n;
const ZEROS = '0'.repeat(COST_SCALE);
const PLAIN = /^([+-])?(\d{1,20})(?:\.(\d{1,18}))?$/;
const GENERAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * A FOCUS decimal ("0.064032", "-12", "1.5E-7") in units of 10⁻¹⁸. Digits beyond the 18th decimal (only
 * possible in exponent form) are rounded half away from zero: at that scale no sum of a million rows can
 * move a fen. Null when the text is not a number.
 */
export function parseCost(text: string): bigint | null {
  const plain = PLAIN.exec(text);
  if (plain) {
    const frac = plain[3] ?? '';
    const v = BigInt(plain[2]! + frac + ZEROS.slice(frac.length));
    return plain[1] === '-' ? -v : v;
  }
  const m = GENERAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const digits = `${m[2]}${m[3] ?? ''}` || '0';
  const shift = COST_SCALE + Number(m[4] ?? 0) - (m[3] ?? '').length;
  let v: bigint;
  if (shift >= 0) v = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const div = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    v = (whole + div / 2n) / div;
  }
  return m[1] === '-' ? -v : v;
}

/** A sum of costs as fen, rounded half away from zero (the one rounding a line's amount gets). */
export function costToFen(total: bigint): number {
  const magnitude = total < 0n ? -total : total;
  const fen = (magnitude + HALF_FEN) / TO_FEN;
  return Number(total < 0n ? -fen : fen);
}

export interface InvoiceRef {
  invoiceNumber: string;
  invoiceCode: string | null;
}

const DIGITAL = /^\d{20}$/;
// A legacy invoice: its 10- or 12-digit code and 8-digit number, with a separator so that 12 + 8 digits are
// never read as a 数电 number or the other way round.
const LEGACY = /^(\d{10}|\d{12})\s*[-_/:： ]\s*(\d{8})$/;

/** `InvoiceId` as the invoice it names: a 20-digit 数电 number, or legacy code and number ("3500261130-01234567"). */
export function parseInvoiceId(text: string): InvoiceRef | null {
  const t = text.trim();
  if (DIGITAL.test(t)) return { invoiceNumber: t, invoiceCode: null };
  const m = LEGACY.exec(t);
  return m ? { invoiceNumber: m[2]!, invoiceCode: m[1]! } : null;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A charge period boundary as epoch milliseconds. FOCUS writes them in UTC; one without a zone is read as
 * UTC, never in the server's own zone, so the same file gives the same period wherever it is read.
 */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3]) : 'Z';
  // Date.parse rolls 2026-02-30 over into March instead of refusing it.
  if (!isValidDate(m[1]!)) return null;
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}
