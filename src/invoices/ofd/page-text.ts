import { InvoiceParseError } from '../fields.js';
import { child, childrenNamed, walk, type XmlElement } from '../common/index.js';
import { parseBox, type Box } from './document.js';
import { glyphAdvance, type TextRun } from './text-run.js';

/** Bounds on what one page may hold before the file is treated as hostile. */
const MAX_TEXT_OBJECTS_PER_PAGE = 20_000;
const MAX_GLYPHS_PER_RUN = 10_000;

export interface PageText {
  index: number;
  id: string;
  box: Box | null;
  runs: TextRun[];
}

type Matrix = [number, number, number, number, number, number];

/** 'g 3 1.5 2' → [1.5, 1.5, 1.5, 2]: the OFD compressed delta syntax. */
export function parseDeltas(text: string | undefined, limit: number): number[] {
  if (!text) return [];
  const tokens = text.trim().split(/\s+/u);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < limit; i++) {
    if (tokens[i] === 'g') {
      const count = Math.min(Number(tokens[i + 1]), limit - out.length);
      const value = Number(tokens[i + 2]);
      for (let k = 0; k < count; k++) out.push(value);
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out.map((n) => (Number.isFinite(n) ? n : 0));
}

function parseMatrix(text: string | undefined): Matrix | null {
  const nums = (text ?? '').trim().split(/\s+/u).map(Number);
  return nums.length === 6 && nums.every(Number.isFinite) ? (nums as Matrix) : null;
}

/** Runs of one TextObject: every TextCode placed through Boundary and CTM. */
function textObjectRuns(obj: XmlElement, page: number, fromTemplate: boolean): TextRun[] {
  const boundary = parseBox(obj.attrs.Boundary);
  if (!boundary || obj.attrs.Visible === 'false') return [];
  const ctm = parseMatrix(obj.attrs.CTM) ?? [1, 0, 0, 1, 0, 0];
  const [a, b, c, d, e, f] = ctm;
  const scale = Math.sqrt(Math.abs(a * d - b * c)) || 1;
  const size = (Number(obj.attrs.Size) || 3.5) * scale;
  const place = (x: number, y: number): [number, number] => [
    boundary.x + a * x + c * y + e,
    boundary.y + b * x + d * y + f,
  ];
  const runs: TextRun[] = [];
  let lastX = 0;
  let lastY = 0;
  for (const code of childrenNamed(obj, 'TextCode')) {
    const chars = Array.from(code.text.replace(/[\r\n\t]/gu, ''));
    if (chars.length === 0 || chars.length > MAX_GLYPHS_PER_RUN) continue;
    // A TextCode without X/Y continues where the previous one stopped.
    let x = code.attrs.X !== undefined ? Number(code.attrs.X) || 0 : lastX;
    let y = code.attrs.Y !== undefined ? Number(code.attrs.Y) || 0 : lastY;
    const dx = parseDeltas(code.attrs.DeltaX, chars.length);
    const dy = parseDeltas(code.attrs.DeltaY, chars.length);
    const rawSize = size / scale;
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    let baseline = 0;
    chars.forEach((ch, i) => {
      const [px, py] = place(x, y);
      const [ex] = place(x + glyphAdvance(ch, rawSize), y);
      if (i === 0) baseline = py;
      minX = Math.min(minX, px, ex);
      maxX = Math.max(maxX, px, ex);
      minY = Math.min(minY, py);
      maxY = Math.max(maxY, py);
      if (i < chars.length - 1) {
        x += dx[i] ?? (dy.length > 0 ? 0 : glyphAdvance(ch, rawSize));
        y += dy[i] ?? 0;
      }
    });
    lastX = x + glyphAdvance(chars[chars.length - 1]!, rawSize);
    lastY = y;
    runs.push({
      page,
      objectId: obj.attrs.ID ?? null,
      text: chars.join(''),
      x0: minX,
      x1: maxX,
      baseline,
      yMin: minY - size * 0.85,
      yMax: maxY + size * 0.15,
      size,
      fromTemplate,
    });
  }
  return runs;
}

/** All text runs of a content part (a page or a template), in file order. */
export function contentRuns(root: XmlElement, page: number, fromTemplate: boolean): TextRun[] {
  const content = child(root, 'Content');
  if (!content) return [];
  const runs: TextRun[] = [];
  let objects = 0;
  for (const el of walk(content)) {
    if (el.name !== 'TextObject') continue;
    if (++objects > MAX_TEXT_OBJECTS_PER_PAGE) {
      throw new InvoiceParseError('OFD_TOO_COMPLEX', `page ${page + 1} of the OFD has more than ${MAX_TEXT_OBJECTS_PER_PAGE} text objects`);
    }
    runs.push(...textObjectRuns(el, page, fromTemplate));
  }
  return runs;
}

/** Drops text placed outside the page (hidden duplicates some producers leave there). */
export function insideBox(runs: TextRun[], box: Box | null): TextRun[] {
  if (!box) return runs;
  const slack = 0.5;
  return runs.filter(
    (r) =>
      r.x1 > box.x - slack &&
      r.x0 < box.x + box.width + slack &&
      r.baseline > box.y - slack &&
      r.baseline < box.y + box.height + slack,
  );
}
