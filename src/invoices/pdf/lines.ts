import { sameLine, type Run } from './runs.js';

/** Runs sharing a baseline, left to right. */
export interface Line {
  readonly y: number;
  readonly size: number;
  readonly runs: readonly Run[];
}

/**
 * Groups runs into lines by baseline. Each run is compared with the first run of the line being
 * built (not with its last one), so a slow drift of baselines never chains two rows together.
 * Runs of different sizes share a line when their baselines agree ('¥' at 11pt + '8562.72' at 9pt).
 */
export function groupLines(runs: readonly Run[]): Line[] {
  const byY = [...runs].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const lines: { y: number; size: number; runs: Run[] }[] = [];
  let current: { y: number; size: number; runs: Run[] } | undefined;
  for (const run of byY) {
    if (current && sameLine(current, run)) {
      current.runs.push(run);
      continue;
    }
    current = { y: run.y, size: run.size, runs: [run] };
    lines.push(current);
  }
  for (const line of lines) line.runs.sort((a, b) => a.x0 - b.x0);
  return lines;
}


/** A word space narrower than a quarter glyph (a proportional font's is about a fifth). */
const WORD_SPACE = 0.15;

/**
 * Whether two runs are two numbers a word space apart ('149' '88.96' in adjacent cells, 数量
 * right-aligned against the edge 单价 starts at): merged, they would read as one figure.
 */
function numbersApart(left: Run, right: Run, gap: number, size: number): boolean {
  return gap >= WORD_SPACE * size && /\d$/u.test(left.text) && /^[-+¥]?\d/u.test(right.text);
}

/**
 * Merges runs that touch on a line into one: pdf.js starts a new run at every font change, and
 * some generators place every glyph on its own ('*' '运输服务' '*', '¥' '8562.72', '电' '子' …).
 * Runs a quarter glyph or more apart stay separate; they are different words or cells.
 */
export function mergeTouching(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const line of groupLines(runs)) {
    let current: Run | undefined;
    for (const run of line.runs) {
      const size = current ? Math.min(current.size, run.size) : run.size;
      const gap = current ? run.x0 - current.x1 : Infinity;
      if (current && gap <= 0.25 * size && gap >= -0.3 * size && !numbersApart(current, run, gap, size)) {
        current = { text: current.text + run.text, x0: current.x0, x1: Math.max(current.x1, run.x1), y: current.y, size: Math.max(current.size, run.size) };
      } else {
        if (current) out.push(current);
        current = run;
      }
    }
    if (current) out.push(current);
  }
  return out;
}
