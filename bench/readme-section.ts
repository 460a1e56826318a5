import { readFileSync, writeFileSync } from 'node:fs';
import type { Figure } from './lib.js';

/**
 * The README's performance section, written by `npm run bench` from the same results as BENCHMARKS.md so the
 * two cannot disagree: every figure that has a target or is compared with a baseline, and the growth
 * exponents. The section lies between two markers in README.md; nothing outside them is touched.
 */
export const START = '<!-- bench:start (written by npm run bench from bench/results.json; do not edit) -->';
export const END = '<!-- bench:end -->';

export interface Results {
  producedAt: string;
  outcomes: { bench: string; figures: Figure[]; error?: string }[];
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

export function readmeSection(results: Results): string {
  const rows = ['| figure | value | baseline | ratio | target | met |', '|---|---|---|---|---|---|'];
  for (const o of results.outcomes) {
    if (o.error) rows.push(`| ${o.bench} | not measured: ${o.error} | | | | no |`);
    for (const f of o.figures) {
      if (!f.target && f.ratio == null) continue;
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.baseline.unit}` : '';
      const ratio = f.ratio == null ? '' : `${f.ratio.toFixed(2)}×`;
      const met = f.met == null ? '' : f.met ? 'yes' : '**no**';
      rows.push(`| ${f.figure} | ${fmt(f.value)} ${f.unit}`.trimEnd() + ` | ${baseline} | ${ratio} | ${f.target ?? ''} | ${met} |`);
    }
  }
  return [
    START,
    `From the run of ${results.producedAt.slice(0, 10)} (\`BENCHMARKS.md\` has every figure, its notes and the machine). A growth`,
    'exponent k says the cost grows as size^k over the three sizes measured (log-log least squares): 1 is linear, 0 is flat.',
    '',
    ...rows,
    END,
  ].join('\n');
}

export function writeReadmeSection(path: string, results: Results): void {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} has no performance section markers (${START} … ${END})`);
  writeFileSync(path, text.slice(0, start) + readmeSection(results) + text.slice(end + END.length));
}
