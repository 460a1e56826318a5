import type { LabelKind } from './labels.js';
import type { PageLayout } from './page-layout.js';
import { compact, joinRuns, type Run } from './runs.js';

/** The value printed after the first `kind` label found on the page, as one string. */
export function labelledValue(page: PageLayout, kind: LabelKind): string | null {
  for (const label of page.labelsOf(kind)) {
    const value = joinRuns(page.valueRightOf(label));
    if (value !== '') return value;
  }
  return null;
}

/** A number printed after a label ('No 0123', '65431 82477 …'): its digits only. */
export function labelledDigits(page: PageLayout, kind: LabelKind): string | null {
  const value = labelledValue(page, kind);
  if (value === null) return null;
  const digits = /\d[\d ]*\d|\d/u.exec(value.replace(/^[^\d]*/u, ''));
  return digits ? compact(digits[0]) : null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

// Marks printed beside the title of special invoices; they are not part of it.
const TITLE_MARKS = /^(通行费|成品油|旅客运输服务|机动车|代开)$/u;

/**
 * The invoice title: the largest text containing 发票, clearly larger than the body text, with
 * its neighbours of the same size on that line (a title may be split into several runs).
 */
export function readTitle(page: PageLayout): string | null {
  const body = median(page.runs.map((r) => r.size));
  const isLabel = (r: Run) => page.labels.some((l) => r.x0 >= l.x0 - 0.1 && r.x1 <= l.x1 + 0.1 && Math.abs(r.y - l.y) < 1);
  const candidates = page.runs.filter((r) => r.text.includes('发票') && r.size >= 1.3 * body && !isLabel(r));
  const title = candidates.sort((a, b) => b.size - a.size)[0];
  if (!title) return null;
  const peers = page.runs
    .filter((r) => Math.abs(r.size - title.size) <= 0.15 * title.size && Math.abs(r.y - title.y) <= 0.3 * title.size)
    .filter((r) => r === title || !TITLE_MARKS.test(compact(r.text)))
    .sort((a, b) => a.x0 - b.x0);
  const at = peers.indexOf(title);
  let from = at;
  let to = at;
  while (from > 0 && peers[from]!.x0 - peers[from - 1]!.x1 <= 2 * title.size) from--;
  while (to < peers.length - 1 && peers[to + 1]!.x0 - peers[to]!.x1 <= 2 * title.size) to++;
  return compact(peers.slice(from, to + 1).map((r) => r.text).join(''));
}

/** Legacy red-letter invoices print 销项负数 beside the title. */
export function hasNegativeMark(page: PageLayout): boolean {
  return page.runs.some((r) => compact(r.text).includes('销项负数'));
}

/**
 * 专票 or 普票 from any printed text when the title is not in the text layer (drawn as an
 * image or outlines): '增值税专用发票' appears elsewhere on the form, e.g. on the 销货清单.
 */
export function kindFromText(pages: readonly PageLayout[]): 'special' | 'ordinary' | null {
  const texts = pages.flatMap((p) => p.runs.map((r) => compact(r.text)));
  if (texts.some((t) => t.includes('专用发票'))) return 'special';
  if (texts.some((t) => t.includes('普通发票'))) return 'ordinary';
  return null;
}
