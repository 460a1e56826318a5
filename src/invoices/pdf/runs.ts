/**
 * A run is one horizontal piece of text as pdf.js reports it, placed in page coordinates with the
 * origin at the top-left (y grows downward, like reading order). Everything else in the PDF reader
 * works on runs only, never on the order of the text stream: real 数电 PDFs print all labels
 * first and all values later, and some print the seller before the buyer.
 */
export interface Run {
  /** NFKC-normalised text (full-width ＡＢ１：→ AB1:, Kangxi ⽇ → 日). */
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Baseline, measured from the top of the page. */
  readonly y: number;
  /** Font size in page units (the glyph height). */
  readonly size: number;
}

/** The subset of a pdf.js text item the reader needs. */
export interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
}

type Matrix = readonly [number, number, number, number, number, number];

function multiply(m: Matrix, n: readonly number[]): Matrix {
  const [a, b, c, d, e, f] = n as [number, number, number, number, number, number];
  return [
    m[0] * a + m[2] * b,
    m[1] * a + m[3] * b,
    m[0] * c + m[2] * d,
    m[1] * c + m[3] * d,
    m[0] * e + m[2] * f + m[4],
    m[1] * e + m[3] * f + m[5],
  ];
}

// Seals (发票监制章, the seller's stamp) are printed as rotated glyphs; they are not fields.
const SKEW_TOLERANCE = 0.02;

/**
 * Converts pdf.js text items into runs. `viewport` is the page's viewport transform at scale 1,
 * which flips y and applies the page /Rotate, so rotated pages read like upright ones.
 * Whitespace-only items (pdf.js inserts them for gaps) and non-horizontal text are dropped.
 */
export function toRuns(items: readonly RawTextItem[], viewport: readonly number[]): Run[] {
  const vt = viewport as unknown as Matrix;
  const runs: Run[] = [];
  for (const item of items) {
    if (item.str.trim() === '') continue;
    const [a, b, c, d, e, f] = multiply(vt, item.transform);
    if (!(a > 0 && d < 0)) continue;
    if (Math.abs(b) > SKEW_TOLERANCE * a || Math.abs(c) > SKEW_TOLERANCE * -d) continue;
    const width = item.width;
    if (!Number.isFinite(width) || !Number.isFinite(e) || !Number.isFinite(f) || width < 0) continue;
    const text = item.str.normalize('NFKC').trim();
    if (text === '') continue;
    runs.push({ text, x0: e, x1: e + width, y: f, size: -d });
  }
  return runs;
}

export const runCenterX = (r: Run): number => (r.x0 + r.x1) / 2;

/** True when two runs sit on the same text line (baselines closer than a third of a glyph). */
export function sameLine(a: Pick<Run, 'y' | 'size'>, b: Pick<Run, 'y' | 'size'>): boolean {
  return Math.abs(a.y - b.y) <= 0.35 * Math.min(a.size, b.size) + 0.5;
}

/**
 * Joins runs of one line in x order. A gap of a quarter glyph or more becomes one space: pdf.js
 * splits text at font changes ('*' + '运输服务'), which must not add spaces, while separate
 * phrases in a cell ('…支行;' '银行账号:…') keep one.
 */
export function joinRuns(runs: readonly Run[]): string {
  const sorted = [...runs].sort((p, q) => p.x0 - q.x0);
  let out = '';
  let prev: Run | undefined;
  for (const r of sorted) {
    if (prev && r.x0 - prev.x1 > 0.25 * Math.min(prev.size, r.size)) out += ' ';
    out += r.text;
    prev = r;
  }
  return out;
}

/** Width of a character in glyph heights: ASCII is half-width in Chinese fonts. */
const charWeight = (ch: string): number => (ch.charCodeAt(0) < 0x7f ? 0.5 : 1);

/**
 * The part [start, end) of a run's text as a run of its own. Glyph positions inside a run are not
 * known; they are estimated from character widths (half for ASCII, full for the rest).
 */
export function sliceRun(run: Run, start: number, end: number): Run {
  const chars = [...run.text];
  const total = chars.reduce((w, ch) => w + charWeight(ch), 0) || 1;
  const before = chars.slice(0, start).reduce((w, ch) => w + charWeight(ch), 0);
  const upto = chars.slice(0, end).reduce((w, ch) => w + charWeight(ch), 0);
  const scale = (run.x1 - run.x0) / total;
  return { ...run, text: chars.slice(start, end).join(''), x0: run.x0 + before * scale, x1: run.x0 + upto * scale };
}

/** Text with every white space removed, for comparing labels ('校 验 码:' → '校验码:'). */
export const compact = (text: string): string => text.replace(/\s+/gu, '');
