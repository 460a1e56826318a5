import { columnAt, looksNumeric, type Column } from './item-columns.js';
import type { PageLayout } from './page-layout.js';
import { compact, joinRuns, sameLine, type Run } from './runs.js';

export interface TotalsDraft {
  totalAmount: string | null;
  totalTax: string | null;
  totalWithTax: string | null;
  totalWithTaxChinese: string | null;
}

/**
 * Pieces of one cell printed as separate runs ('¥' + '8562.72') belong together when they touch;
 * cells of a row are far apart.
 */
function cells(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  for (const run of [...runs].sort((a, b) => a.x0 - b.x0)) {
    const prev = out[out.length - 1];
    if (prev && run.x0 - prev.x1 <= 0.5 * Math.min(prev.size, run.size)) {
      out[out.length - 1] = { ...prev, text: prev.text + run.text, x1: run.x1 };
    } else {
      out.push(run);
    }
  }
  return out;
}

const isFigure = (text: string): boolean => /^[-+]?¥?[-+]?\d[\d,]*(?:\.\d+)?$|^¥?\*+$/u.test(text);

/**
 * The 合计 row: net total under 金额 and tax total under 税额 (asterisks for 免税 / 不征税).
 * Column positions come from the item table when there is one; otherwise left is net, right is tax.
 */
function readSubtotals(page: PageLayout, columns: readonly Column[]): Pick<TotalsDraft, 'totalAmount' | 'totalTax'> {
  for (const label of page.labelsOf('subtotal')) {
    const stop = page.rightBoundary(label);
    const row = page.runs.filter((r) => sameLine(label, r) && r.x0 >= label.x1 - 0.1 && r.x0 < stop);
    const figures = cells(row).filter((c) => isFigure(compact(c.text)));
    if (figures.length === 0) continue;
    let totalAmount: string | null = null;
    let totalTax: string | null = null;
    for (const [i, c] of figures.entries()) {
      const text = compact(c.text).replace(/^¥(?=\*)/u, '');
      const key = columns.length > 0 ? columnAt(columns, c.x0, c.x1, looksNumeric(text))?.key : i === 0 ? 'amount' : 'tax';
      if (key === 'amount' && totalAmount === null) totalAmount = text;
      if (key === 'tax' && totalTax === null) totalTax = text;
    }
    if (totalAmount !== null || totalTax !== null) return { totalAmount, totalTax };
  }
  return { totalAmount: null, totalTax: null };
}

/** 价税合计: the amount in words after (大写) and the figure after (小写). */
function readGrandTotal(page: PageLayout): Pick<TotalsDraft, 'totalWithTax' | 'totalWithTaxChinese'> {
  let words: string | null = null;
  let figure: string | null = null;
  for (const label of page.labelsOf('totalWords')) {
    const value = compact(joinRuns(page.valueRightOf(label)));
    // Some layouts print the figure in the same cell after the words: '壹佰圆整 ¥100.00'.
    const m = /^(.*?)(-?¥-?[\d,]+(?:\.\d+)?)?$/u.exec(value);
    if (m?.[1]) words ??= m[1];
    if (m?.[2]) figure ??= m[2];
  }
  for (const label of page.labelsOf('totalFigures')) {
    const value = compact(joinRuns(page.valueRightOf(label)));
    if (value !== '') figure ??= value;
  }
  return { totalWithTax: figure, totalWithTaxChinese: words };
}

export function readTotals(page: PageLayout, columns: readonly Column[]): TotalsDraft {
  return { ...readSubtotals(page, columns), ...readGrandTotal(page) };
}
