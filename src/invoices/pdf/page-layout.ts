import { findLabelsOnLine, splitLabelRuns, type LabelHit, type LabelKind } from './labels.js';
import { groupLines, mergeTouching, type Line } from './lines.js';
import { findMarkers, markerCovers, type Marker, type MarkerKind } from './markers.js';
import type { PageText } from './pdfjs-loader.js';
import { runCenterX, sameLine, type Run } from './runs.js';

// Inside one value, parts are at most this many glyphs apart; a wider gap is another cell
// (the 密码区 cipher beside the buyer, the 备注 beside the seller).
const MAX_GAP_IN_VALUE = 5;

/** One page's text, grouped into lines, with its labels and box titles located. */
export class PageLayout {
  readonly pageNumber: number;
  readonly width: number;
  readonly height: number;
  readonly runs: readonly Run[];
  readonly lines: readonly Line[];
  readonly labels: readonly LabelHit[];
  readonly markers: readonly Marker[];

  constructor(page: PageText) {
    this.pageNumber = page.pageNumber;
    this.width = page.width;
    this.height = page.height;
    this.runs = mergeTouching(page.runs).flatMap(splitLabelRuns);
    this.lines = groupLines(this.runs);
    this.labels = this.lines.flatMap(findLabelsOnLine);
    this.markers = findMarkers(this.runs);
  }

  labelsOf(kind: LabelKind): LabelHit[] {
    return this.labels.filter((l) => l.kind === kind);
  }

  markersOf(kind: MarkerKind): Marker[] {
    return this.markers.filter((m) => m.kind === kind);
  }

  /**
   * The runs printed after a label on its line: right of the label, up to the next label or box
   * title on that line, and no further than a wide gap.
   */
  valueRightOf(label: LabelHit): Run[] {
    const stop = this.rightBoundary(label);
    const candidates = this.runs
      .filter((r) => sameLine(label, r) && r.x0 > label.x0 && runCenterX(r) > label.x1 && r.x0 < stop)
      .sort((a, b) => a.x0 - b.x0);
    const value: Run[] = [];
    for (const run of candidates) {
      if (this.isLabelRun(run)) break;
      const prev = value[value.length - 1];
      if (prev && run.x0 - prev.x1 > MAX_GAP_IN_VALUE * Math.max(prev.size, run.size)) break;
      value.push(run);
    }
    return value;
  }

  /** The x where the cell of `label` ends: the next label or stacked box title on its line. */
  rightBoundary(label: Pick<LabelHit, 'x1' | 'y' | 'size'>): number {
    let stop = Infinity;
    for (const other of this.labels) {
      if (other.x0 >= label.x1 - 0.1 && sameLine(label, other)) stop = Math.min(stop, other.x0);
    }
    for (const marker of this.markers) {
      if (marker.x0 >= label.x1 && markerCovers(marker, label.y, label.size)) stop = Math.min(stop, marker.x0);
    }
    return stop;
  }

  private isLabelRun(run: Run): boolean {
    return this.labels.some((l) => sameLine(l, run) && run.x0 >= l.x0 - 0.1 && run.x1 <= l.x1 + 0.1);
  }
}
