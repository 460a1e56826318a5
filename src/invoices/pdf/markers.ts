import { compact, type Run } from './runs.js';

/**
 * Box titles printed vertically, one character under the other, at the left edge of a box:
 * 购买方 / 销售方 (legacy), 购买方信息 / 销售方信息 (数电), 密码区, 备注. They tell which box a
 * label belongs to and where a box ends, whatever the order of the text stream.
 */
export type MarkerKind = 'buyer' | 'seller' | 'cipher' | 'remarks';

export interface Marker {
  readonly kind: MarkerKind;
  readonly x0: number;
  readonly x1: number;
  /** Top of the first character and baseline of the last one. */
  readonly top: number;
  readonly bottom: number;
}

const WORDS: readonly [string, MarkerKind][] = [
  ['购买方信息', 'buyer'],
  ['销售方信息', 'seller'],
  ['购买方', 'buyer'],
  ['销售方', 'seller'],
  ['密码区', 'cipher'],
  ['备注', 'remarks'],
];

// Characters of one stacked word are spaced by up to a few glyph heights (备 … 注 sit at the
// ends of a tall box); only whole box titles count, so a generous step finds nothing spurious.
const MAX_STEP = 6;

function markersInColumn(column: Run[]): Marker[] {
  column.sort((a, b) => a.y - b.y);
  const found: Marker[] = [];
  let start = 0;
  for (let i = 1; i <= column.length; i++) {
    const prev = column[i - 1]!;
    const cur = column[i];
    const broken = !cur || cur.y - prev.y <= 0.5 * prev.size || cur.y - prev.y > MAX_STEP * prev.size;
    if (!broken) continue;
    const chars = column.slice(start, i);
    const word = chars.map((r) => r.text).join('');
    for (const [text, kind] of WORDS) {
      const at = word.indexOf(text);
      if (at < 0) continue;
      const first = chars[at]!;
      const last = chars[at + text.length - 1]!;
      found.push({
        kind,
        x0: Math.min(first.x0, last.x0),
        x1: Math.max(first.x1, last.x1),
        top: first.y - first.size,
        bottom: last.y,
      });
      break;
    }
    start = i;
  }
  return found;
}

/** Finds the stacked box titles among single-character runs. */
export function findMarkers(runs: readonly Run[]): Marker[] {
  const singles = runs.filter((r) => compact(r.text).length === 1).sort((a, b) => a.x0 - b.x0);
  const markers: Marker[] = [];
  let column: Run[] = [];
  for (const run of singles) {
    const head = column[0];
    if (head && Math.abs(run.x0 - head.x0) > 0.3 * head.size) {
      if (column.length > 1) markers.push(...markersInColumn(column));
      column = [];
    }
    column.push(run);
  }
  if (column.length > 1) markers.push(...markersInColumn(column));
  return markers;
}

/** True when the marker's vertical extent (plus a glyph of slack) covers baseline `y`. */
export function markerCovers(marker: Marker, y: number, size: number): boolean {
  return y >= marker.top - size && y <= marker.bottom + size;
}
