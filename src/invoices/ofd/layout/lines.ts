import { labelKey } from '../../common/index.js';
import type { TextRun } from '../text-run.js';

/** Runs sharing a baseline, left to right. */
export interface Line {
  baseline: number;
  runs: TextRun[];
}

/** Groups runs into printed lines by baseline; lines are returned top to bottom. */
export function groupLines(runs: TextRun[]): Line[] {
  const sorted = [...runs].sort((a, b) => a.baseline - b.baseline);
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const run of sorted) {
    const tolerance = Math.max(0.9, 0.5 * run.size);
    if (current && run.baseline - current.baseline <= tolerance) current.runs.push(run);
    else {
      current = { baseline: run.baseline, runs: [run] };
      lines.push(current);
    }
  }
  for (const line of lines) line.runs.sort((a, b) => a.x0 - b.x0);
  return lines;
}

/** The line's text as a label key (NFKC, no white space), for matching '合 计', '小计' and the like. */
export function lineKey(line: Line): string {
  return labelKey(line.runs.map((r) => r.text).join(''));
}

/** Text of runs joined in reading order: lines top to bottom, runs left to right. */
export function readingText(runs: TextRun[], lineSeparator: string, runSeparator = ''): string {
  return groupLines(runs)
    .map((line) => line.runs.map((r) => r.text.trim()).filter((t) => t !== '').join(runSeparator))
    .filter((t) => t !== '')
    .join(lineSeparator);
}
