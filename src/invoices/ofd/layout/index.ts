import type { InvoiceDraft, ItemDraft } from '../../common/index.js';
import type { PageText } from '../page-text.js';
import { readGrandTotal, readIdentifiers, readParties, readRemarks, readTitle } from './fields.js';
import { mergeLabelFragments } from './labels.js';
import { groupLines } from './lines.js';
import { readTable, type PageTable } from './table.js';

/** A 销货清单 summary line on the invoice page ('(详见销货清单)'), not a real item. */
const LIST_SUMMARY = /详见.*清单/u;

/**
 * Everything the printed pages say, read by layout: header fields from the first page, items
 * from the tables of all pages (the 销货清单 pages carry the real lines of a multi-page invoice).
 */
export function readLayout(rawPages: PageText[]): InvoiceDraft {
  const pages = rawPages.map((p) => ({ ...p, runs: mergeLabelFragments(p.runs, groupLines(p.runs).map((l) => l.runs)) }));
  const first = pages[0];
  if (!first) return {};
  const runs = first.runs;
  const ids = readIdentifiers(runs);
  const parties = readParties(runs);
  // A long invoice may print its totals, 备注 and drawer only on its last page.
  const later = pages.slice(1).reverse();
  const onAnyPage = <T>(read: (r: PageText['runs']) => T | null): T | null =>
    read(runs) ?? later.map((p) => read(p.runs)).find((v) => v !== null) ?? null;
  const wordsAndFigures = readGrandTotal(runs);
  const grand = {
    words: wordsAndFigures.words ?? onAnyPage((r) => readGrandTotal(r).words),
    figures: wordsAndFigures.figures ?? onAnyPage((r) => readGrandTotal(r).figures),
  };
  const tables = pages.map((p) => readTable(p.runs)).filter((t): t is PageTable => t !== null);
  const totals = tableTotals(tables);
  return {
    title: readTitle(first),
    invoiceCode: ids.invoiceCode,
    invoiceNumber: ids.invoiceNumber,
    issueDate: ids.issueDate,
    checkCode: ids.checkCode,
    buyer: { name: parties.names.buyer, taxId: parties.taxIds.buyer },
    seller: { name: parties.names.seller, taxId: parties.taxIds.seller },
    items: layoutItems(tables),
    totalAmount: totals.amount,
    totalTax: totals.tax,
    totalWithTax: grand.figures,
    totalWithTaxChinese: grand.words,
    remarks: onAnyPage(readRemarks),
    issuer: ids.issuer ?? onAnyPage((r) => readIdentifiers(r).issuer),
    pages: pages.length,
  };
}

export function layoutItems(tables: PageTable[]): ItemDraft[] {
  const rows = tables.flatMap((t) => t.rows);
  const real = rows.filter((r) => !LIST_SUMMARY.test(r.name ?? ''));
  return real.length > 0 ? real : rows;
}

/** 合计 of the invoice page, else 总计 of the last 销货清单 page. */
function tableTotals(tables: PageTable[]): { amount: string | null; tax: string | null } {
  const pick = (key: string) => {
    for (const t of key === '合计' ? tables : [...tables].reverse()) {
      const line = t.footer.find((f) => f.key === key);
      if (line && (line.cells.amount || line.cells.tax)) return line.cells;
    }
    return undefined;
  };
  const cells = pick('合计') ?? pick('总计');
  return { amount: cells?.amount ?? null, tax: cells?.tax ?? null };
}
