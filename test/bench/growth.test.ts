import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { growthExponent, growthFigures, type Figure } from '../../bench/lib.js';
import { END, START, writeReadmeSection } from '../../bench/readme-section.js';

const point = (series: string, size: number, cost: number): Figure => ({
  figure: `${series} at ${size}`,
  value: cost,
  unit: 'ms',
  growth: { series, size, sizeUnit: 'lines', cost, costUnit: 'ms' },
});

describe('growth exponent', () => {
  it('is the slope of log cost on log size', () => {
    expect(growthExponent([{ size: 1_000, cost: 5 }, { size: 10_000, cost: 50 }, { size: 100_000, cost: 500 }])).toBeCloseTo(1, 10);
    expect(growthExponent([{ size: 100, cost: 3 }, { size: 1_000, cost: 3 }, { size: 10_000, cost: 3 }])).toBeCloseTo(0, 10);
    // n log n over 1k..100k fits at 1.11, just above the limit (a sort must be explained); n² is 2.
    expect(growthExponent([1e3, 1e4, 1e5].map((n) => ({ size: n, cost: n * Math.log(n) })))).toBeCloseTo(1.111, 3);
    expect(growthExponent([1e3, 1e4, 1e5].map((n) => ({ size: n, cost: n * n })))).toBeCloseTo(2, 10);
    // Least squares over noisy points: 1 ms, 12 ms, 95 ms.
    expect(growthExponent([{ size: 1e3, cost: 1 }, { size: 1e4, cost: 12 }, { size: 1e5, cost: 95 }])).toBeCloseTo(Math.log10(95) / 2, 10);
  });

  it('refuses a series with one size', () => {
    expect(() => growthExponent([{ size: 10, cost: 1 }, { size: 10, cost: 2 }])).toThrow(/two or more distinct sizes/);
  });

  it('adds one row per series, met only up to 1.1, with the points in the note', () => {
    const rows = growthFigures([point('copy', 1_000, 10), point('copy', 100_000, 1_000), point('sort', 1_000, 10), point('sort', 100_000, 10_000), { figure: 'other', value: 1, unit: 's' }]);
    expect(rows.map((r) => [r.figure, Number(r.value.toFixed(3)), r.met])).toEqual([
      ['growth exponent: copy, 1,000 / 100,000 lines', 1, true],
      ['growth exponent: sort, 1,000 / 100,000 lines', 1.5, false],
    ]);
    expect(rows[0]!.note).toContain('1,000 → 10.0, 100,000 → 1,000');
  });

  it('names the growth between the two largest sizes, which fixed costs at the smallest do not flatten', () => {
    const [row] = growthFigures([point('load', 1_000, 100), point('load', 10_000, 110), point('load', 100_000, 1_100)]);
    expect(row!.value).toBeCloseTo(Math.log10(11) / 2, 10);
    expect(row!.met).toBe(true);
    expect(row!.note).toContain('between the two largest sizes alone 1.00');
  });
});

describe('README performance section', () => {
  it('is replaced between its markers from the results, the rest of the file untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'readme-'));
    const path = join(dir, 'README.md');
    writeFileSync(path, `# title\n\nbefore\n\n${START}\nold\n${END}\n\nafter\n`);
    const figures: Figure[] = [
      { figure: 'GET /v1/evaluate, 50 connections', value: 5_000, unit: 'req/s', baseline: { label: 'healthz', value: 10_000, unit: 'req/s' }, ratio: 0.5, target: '≥ 0.3×', met: true },
      { figure: 'untargeted', value: 3, unit: 'MB' },
    ];
    writeReadmeSection(path, { producedAt: '2026-12-07T00:00:00.000Z', outcomes: [{ bench: 'api-load', figures }, { bench: 'broken', figures: [], error: 'exited with code 1' }] });
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('# title\n\nbefore\n\n')).toBe(true);
    expect(text.endsWith(`${END}\n\nafter\n`)).toBe(true);
    expect(text).not.toContain('\nold\n');
    expect(text).toContain('| GET /v1/evaluate, 50 connections | 5,000 req/s | 10,000 req/s | 0.50× | ≥ 0.3× | yes |');
    expect(text).toContain('| broken | not measured: exited with code 1 | | | | no |');
    expect(text).not.toContain('untargeted');
  });
});
