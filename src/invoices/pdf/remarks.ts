import { groupLines } from './lines.js';
import type { PageLayout } from './page-layout.js';
import { joinRuns, type Run } from './runs.js';

/**
 * The 备注 box. Its rows lie between the 价税合计 row and the footer (收款人 / 开票人); across
 * that band the legacy layout puts the seller box left of the 备注 title, so only runs right of
 * the title count. A title printed as a horizontal '备注' label works the same way.
 */
function remarksRuns(page: PageLayout): Run[] {
  const marker = page.markersOf('remarks')[0];
  const label = page.labelsOf('remarks')[0];
  const title = marker ?? (label && { x1: label.x1, top: label.y - label.size });
  if (!title) return [];
  const totalsRow = [...page.labelsOf('totalWords'), ...page.labelsOf('totalFigures')];
  const footer = [...page.labelsOf('issuer'), ...page.labelsOf('payee'), ...page.labelsOf('reviewer')];
  const top = totalsRow.length > 0 ? Math.max(...totalsRow.map((l) => l.y + 0.5 * l.size)) : title.top - 1;
  const below = footer.filter((l) => l.y > title.top).map((l) => l.y - 0.5 * l.size);
  const bottom = below.length > 0 ? Math.min(...below) : page.height;
  return page.runs.filter((r) => r.x0 >= title.x1 - 0.1 && r.y > top && r.y < bottom);
}

/**
 * The remarks as one string. A line reaching the right edge of the box continues on the next
 * line (a long account or invoice number wraps without a space); other line breaks become one
 * space, as white space in remarks is collapsed anyway.
 */
export function readRemarks(page: PageLayout): string | null {
  const lines = groupLines(remarksRuns(page));
  if (lines.length === 0) return null;
  // The right-most text of the page (tax amounts) marks the right border of the form.
  const formRight = Math.max(...page.runs.map((r) => r.x1));
  let out = '';
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (prev) {
      const prevEnd = prev.runs[prev.runs.length - 1]!.x1;
      out += prevEnd >= formRight - 2 * prev.size ? '' : ' ';
    }
    out += joinRuns(line.runs);
  });
  const trimmed = out.trim();
  return trimmed === '' ? null : trimmed;
}
