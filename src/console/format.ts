import { formatYuan, parseYuan, type Fen } from '../domain/money.js';

/** "1234567.80" → "¥1,234,567.80": grouping is done on the decimal string, so no amount ever becomes a float. */
export function yuan(amount: string | Fen): string {
  const text = typeof amount === 'number' ? formatYuan(amount) : formatYuan(parseYuan(amount));
  const negative = text.startsWith('-');
  const [whole, frac] = (negative ? text.slice(1) : text).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}.${frac}`;
}

/** Whole percent of part ÷ whole, floored, in integer arithmetic. */
export function percent(part: Fen, whole: Fen): number {
  if (whole <= 0) return 100;
  return Number((BigInt(Math.max(0, part)) * 100n) / BigInt(whole));
}

/** An instant as Beijing time, "2026-03-02 10:00". */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
}

/** Compact JSON for trace inputs and break details. */
export function json(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
