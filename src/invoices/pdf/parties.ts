import type { LabelHit } from './labels.js';
import { markerCovers } from './markers.js';
import type { PageLayout } from './page-layout.js';
import { compact, joinRuns, sameLine } from './runs.js';

export interface PartyDraft {
  name: string | null;
  taxId: string | null;
}

type Side = 'buyer' | 'seller';

/** The side a label belongs to: the nearest 购买方/销售方 box title on its left covering its line. */
function sideByMarker(page: PageLayout, label: LabelHit): Side | null {
  let best: { side: Side; x: number } | null = null;
  for (const m of page.markers) {
    if (m.kind !== 'buyer' && m.kind !== 'seller') continue;
    if (m.x1 > label.x0 + 1 || !markerCovers(m, label.y, label.size)) continue;
    if (!best || m.x1 > best.x) best = { side: m.kind, x: m.x1 };
  }
  return best?.side ?? null;
}

/**
 * Without box titles: buyer and seller boxes are either side by side (数电: buyer left) or one
 * above the other (legacy: buyer on top). The name labels tell which layout it is.
 */
function sidesByPosition(names: readonly LabelHit[]): Map<LabelHit, Side> {
  const sides = new Map<LabelHit, Side>();
  const [a, b] = names;
  if (!a || !b) return sides;
  const buyerFirst = sameLine(a, b) ? a.x0 < b.x0 : a.y < b.y;
  sides.set(a, buyerFirst ? 'buyer' : 'seller');
  sides.set(b, buyerFirst ? 'seller' : 'buyer');
  return sides;
}

/** A label with no side of its own takes the side of the nearest name label above it in its column. */
function sideOfColumnAbove(label: LabelHit, names: Map<LabelHit, Side>): Side | null {
  let best: { side: Side; dy: number } | null = null;
  for (const [name, side] of names) {
    const dy = label.y - name.y;
    if (dy <= 0 || Math.abs(name.x0 - label.x0) > 3 * label.size) continue;
    if (!best || dy < best.dy) best = { side, dy };
  }
  return best?.side ?? null;
}

/**
 * A party name, with the lines it wraps onto: long names continue under their first line,
 * starting at the same x, above the next label of the box.
 */
function partyName(page: PageLayout, label: LabelHit): string {
  const first = page.valueRightOf(label);
  const head = first[0];
  if (!head) return '';
  const stop = page.rightBoundary(label);
  const below = page.labels.filter((l) => l.y > label.y + 0.5 * label.size && Math.abs(l.x0 - label.x0) < 3 * label.size);
  const nextLabelY = Math.min(...below.map((l) => l.y), label.y + 4 * label.size);
  const parts = [joinRuns(first)];
  for (const line of page.lines) {
    if (line.y <= label.y + 0.6 * label.size || line.y >= nextLabelY - 0.3 * label.size) continue;
    const runs = line.runs.filter((r) => r.x0 >= head.x0 - label.size && r.x0 < stop);
    if (runs.length === 0 || Math.abs(runs[0]!.x0 - head.x0) > label.size) continue;
    if (page.labels.some((l) => sameLine(l, line) && l.x0 < stop && l.x1 > head.x0)) continue;
    parts.push(joinRuns(runs));
  }
  return parts.join('');
}

export function readParties(page: PageLayout): { buyer: PartyDraft; seller: PartyDraft } {
  const nameLabels = page.labelsOf('name');
  const fallback = sidesByPosition(nameLabels);
  const nameSides = new Map<LabelHit, Side>();
  for (const label of nameLabels) {
    const side = sideByMarker(page, label) ?? fallback.get(label);
    if (side) nameSides.set(label, side);
  }
  const parties: Record<Side, PartyDraft> = {
    buyer: { name: null, taxId: null },
    seller: { name: null, taxId: null },
  };
  for (const [label, side] of nameSides) {
    const value = partyName(page, label);
    if (value !== '' && parties[side].name === null) parties[side].name = value;
  }
  for (const label of page.labelsOf('taxId')) {
    const side = sideByMarker(page, label) ?? sideOfColumnAbove(label, nameSides);
    if (!side) continue;
    const value = compact(joinRuns(page.valueRightOf(label)));
    if (value !== '' && parties[side].taxId === null) parties[side].taxId = value;
  }
  return parties;
}
