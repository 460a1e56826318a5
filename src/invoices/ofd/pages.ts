import { InvoiceParseError } from '../fields.js';
import { childrenNamed, textAt, type XmlElement } from '../common/index.js';
import { parseBox, type OfdDocument } from './document.js';
import type { OfdPackage } from './package.js';
import { contentRuns, insideBox, type PageText } from './page-text.js';
import type { TextRun } from './text-run.js';

const MAX_RUNS_TOTAL = 200_000;

/**
 * Text of every page, template text included (on many invoices the labels live only in the
 * template page, the values in the page itself).
 */
export function readPages(pkg: OfdPackage, doc: OfdDocument): PageText[] {
  const templateCache = new Map<string, XmlElement | null>();
  const template = (id: string): XmlElement | null => {
    if (!templateCache.has(id)) templateCache.set(id, pkg.readOptionalXml(doc.templates.get(id)));
    return templateCache.get(id) ?? null;
  };
  let total = 0;
  return doc.pages.map((ref, index) => {
    // A damaged page yields no text instead of failing: the structured parts may still carry the invoice.
    const root = pkg.readOptionalXml(ref.path);
    const runs: TextRun[] = [];
    if (root) {
      for (const use of childrenNamed(root, 'Template')) {
        const tpl = use.attrs.TemplateID ? template(use.attrs.TemplateID) : null;
        if (tpl) runs.push(...contentRuns(tpl, index, true));
      }
      runs.push(...contentRuns(root, index, false));
    }
    total += runs.length;
    if (total > MAX_RUNS_TOTAL) {
      throw new InvoiceParseError('OFD_TOO_COMPLEX', `the OFD holds more than ${MAX_RUNS_TOTAL} pieces of text`);
    }
    const box = (root && parseBox(textAt(root, 'Area', 'PhysicalBox'))) ?? doc.pageArea;
    return { index, id: ref.id, box, runs: mergeCurrencyRuns(insideBox(runs, box)) };
  });
}

/**
 * Joins a lone '¥' run with the amount printed right after it, so '¥' + '526.00' reads as one
 * value. Other runs keep file order. Runs are bucketed by baseline so this stays linear.
 */
export function mergeCurrencyRuns(runs: TextRun[]): TextRun[] {
  const buckets = new Map<number, TextRun[]>();
  for (const r of runs) {
    const key = Math.round(r.baseline);
    const list = buckets.get(key) ?? [];
    list.push(r);
    buckets.set(key, list);
  }
  const consumed = new Set<TextRun>();
  const replaced = new Map<TextRun, TextRun>();
  for (const run of runs) {
    if (consumed.has(run) || !/^\s*[¥￥]\s*$/u.test(run.text)) continue;
    const key = Math.round(run.baseline);
    let best: TextRun | undefined;
    for (const k of [key - 1, key, key + 1]) {
      for (const r of buckets.get(k) ?? []) {
        if (r === run || consumed.has(r) || r.fromTemplate !== run.fromTemplate) continue;
        if (Math.abs(r.baseline - run.baseline) >= Math.max(0.9, 0.4 * run.size)) continue;
        if (r.x0 < run.x0 || r.x0 - run.x1 >= 2 * run.size) continue;
        if (!best || r.x0 < best.x0) best = r;
      }
    }
    if (best && /^\s*-?[\d,.]+\s*$/u.test(best.text)) {
      consumed.add(best);
      replaced.set(run, { ...best, text: `¥${best.text.trim()}`, x0: run.x0 });
    }
  }
  const out: TextRun[] = [];
  for (const r of runs) if (!consumed.has(r)) out.push(replaced.get(r) ?? r);
  return out;
}
