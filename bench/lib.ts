/**
 * Shared shape of benchmark results. Each bench script prints human-readable lines and, last, one
 * `@@bench {json}` line that `bench/run.ts` collects into BENCHMARKS.md.
 */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { label: string; value: number; unit: string } | null;
  /** value ÷ baseline (or as the target states). */
  ratio?: number | null;
  /** e.g. "≤ 1.5×", "≥ 500,000 lines/s". */
  target?: string;
  met?: boolean | null;
  note?: string;
}

export function report(bench: string, figures: Figure[]): void {
  process.stdout.write(`@@bench ${JSON.stringify({ bench, figures })}\n`);
}

export const postgresUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const redisUrl = () => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Peak resident set size of this process so far, in MB (Linux reports maxRSS in kB). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
