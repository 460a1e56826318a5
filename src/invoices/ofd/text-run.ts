/**
 * A run of text placed on a page: one TextCode of an OFD TextObject, in page millimetres with
 * y growing downwards. Layout reading works on these, never on file order.
 */
export interface TextRun {
  /** Zero-based page index. */
  page: number;
  /** ID of the TextObject the run belongs to (what CustomTag ObjectRef names), if any. */
  objectId: string | null;
  text: string;
  x0: number;
  x1: number;
  /** Baseline of the first glyph. */
  baseline: number;
  yMin: number;
  yMax: number;
  /** Font size in page units. */
  size: number;
  /** True for text drawn by the page's template (labels of the form). */
  fromTemplate: boolean;
}

/** Rough advance of a glyph when the file gives none: ideographs are square, the rest half width. */
export function glyphAdvance(char: string, size: number): number {
  const cp = char.codePointAt(0) ?? 0;
  return cp >= 0x2e80 || (cp >= 0xff01 && cp <= 0xff60) ? size : size / 2;
}

export function centerX(run: TextRun): number {
  return (run.x0 + run.x1) / 2;
}

/** Whether two runs sit on the same printed line. */
export function sameLine(a: TextRun, b: TextRun): boolean {
  const tolerance = Math.max(0.9, 0.5 * Math.max(a.size, b.size));
  return Math.abs(a.baseline - b.baseline) <= tolerance;
}
