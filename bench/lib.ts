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
  /**
   * One size of a series measured at several sizes of its input (statement lines, enterprises, invoices per
   * enterprise): `bench/run.ts` fits how `cost` grows with `size` over the series' figures and adds a row for
   * the exponent. `cost` is what one unit of work costs at that size (ms for the run, ms per request), so an
   * exponent of 1 is linear growth and 0 is none.
   */
  growth?: { series: string; size: number; sizeUnit: string; cost: number; costUnit: string; explain?: string };
}

/** The largest growth exponent accepted without an explanation (issue targets: "anything above 1.1"). */
export const GROWTH_LIMIT = 1.1;

/**
 * Least-squares slope of log(cost) on log(size): cost ≈ c · size^k, and k is returned. Needs two or more
 * distinct sizes with positive costs.
 */
export function growthExponent(points: readonly { size: number; cost: number }[]): number {
  const pts = points.filter((p) => p.size > 0 && p.cost > 0).map((p) => ({ x: Math.log(p.size), y: Math.log(p.cost) }));
  if (new Set(pts.map((p) => p.x)).size < 2) throw new Error('a growth exponent needs two or more distinct sizes with positive costs');
  const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
  const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of pts) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxy / sxx;
}

const count = (n: number) => n.toLocaleString('en-US');
const amount = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toFixed(2));

/** One row per series among `figures`: its fitted exponent, the sizes and costs it was fitted on, met when ≤ GROWTH_LIMIT. */
export function growthFigures(figures: readonly Figure[]): Figure[] {
  const series = new Map<string, NonNullable<Figure['growth']>[]>();
  for (const f of figures) if (f.growth) series.set(f.growth.series, [...(series.get(f.growth.series) ?? []), f.growth]);
  const out: Figure[] = [];
  for (const [name, points] of series) {
    const sorted = [...points].sort((a, b) => a.size - b.size);
    if (new Set(sorted.map((p) => p.size)).size < 2) continue;
    const k = growthExponent(sorted);
    // Fixed costs weigh most at the smallest size and pull the fit down; the last step shows the growth ahead.
    const lastStep = growthExponent(sorted.slice(-2));
    const explained = sorted.map((p) => p.explain).filter(Boolean);
    out.push({
      figure: `growth exponent: ${name}, ${sorted.map((p) => count(p.size)).join(' / ')} ${sorted[0]!.sizeUnit}`,
      value: k,
      unit: '',
      target: `≤ ${GROWTH_LIMIT}`,
      met: k <= GROWTH_LIMIT,
      note:
        `log-log least squares of ${sorted[0]!.costUnit} on ${sorted[0]!.sizeUnit}: ${sorted.map((p) => `${count(p.size)} → ${amount(p.cost)}`).join(', ')}` +
        (sorted.length > 2 ? `; between the two largest sizes alone ${lastStep.toFixed(2)}` : '') +
        (explained.length ? `; ${[...new Set(explained)].join('; ')}` : ''),
    });
  }
  return out;
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
