import { childrenNamed, textAt, walk, type InvoiceDraft, type XmlElement } from '../common/index.js';
import type { OfdDocument } from './document.js';
import { groupLines } from './layout/lines.js';
import { buildRows, type Cells } from './layout/table.js';
import { folderOf, resolveLoc, type OfdPackage } from './package.js';
import type { PageText } from './page-text.js';
import type { TextRun } from './text-run.js';

/**
 * Custom tags (Tags/CustomTag.xml) name page objects semantically: <InvoiceNo><ObjectRef
 * PageRef="61">6922</ObjectRef></InvoiceNo>. PageRef is a page ID from Document.xml, not an
 * index. Tag files are often sloppy (empty, or malformed XML); a tag file that cannot be read
 * contributes nothing.
 */
export type TaggedRuns = Map<string, TextRun[]>;

export function readTaggedRuns(pkg: OfdPackage, doc: OfdDocument, pages: PageText[]): TaggedRuns {
  const found = new Map<string, Set<TextRun>>();
  const index = pages.map((page) => {
    const byId = new Map<string, TextRun[]>();
    for (const run of page.runs) {
      if (run.fromTemplate || run.objectId === null) continue;
      const list = byId.get(run.objectId) ?? [];
      list.push(run);
      byId.set(run.objectId, list);
    }
    return byId;
  });
  const pageIndexById = new Map(doc.pages.map((p, i) => [p.id, i]));
  for (const root of tagFiles(pkg, doc)) {
    for (const el of walk(root)) {
      for (const ref of childrenNamed(el, 'ObjectRef')) {
        const page = pageIndexById.get(ref.attrs.PageRef?.trim() ?? '');
        const runs = page === undefined ? undefined : index[page]?.get(ref.text.trim());
        if (!runs) continue;
        const set = found.get(el.name) ?? new Set<TextRun>();
        for (const r of runs) set.add(r);
        found.set(el.name, set);
      }
    }
  }
  return new Map([...found].map(([name, set]) => [name, [...set]]));
}

function tagFiles(pkg: OfdPackage, doc: OfdDocument): XmlElement[] {
  const list = pkg.readOptionalXml(doc.customTagsPath);
  const base = doc.customTagsPath ? folderOf(doc.customTagsPath) : '';
  const out: XmlElement[] = [];
  for (const tag of childrenNamed(list ?? undefined, 'CustomTag')) {
    const loc = textAt(tag, 'FileLoc')?.trim();
    const root = loc ? pkg.readOptionalXml(resolveLoc(base, loc)) : null;
    if (root) out.push(root);
  }
  return out;
}

/** Text of the tagged objects; repeated identical texts (hidden duplicates) count once. */
function tagText(tagged: TaggedRuns, name: string, separator = ''): string | null {
  const texts: string[] = [];
  for (const run of tagged.get(name) ?? []) {
    const t = run.text.trim();
    if (t !== '' && !texts.includes(t)) texts.push(t);
  }
  return texts.length > 0 ? texts.join(separator) : null;
}

const ITEM_TAGS: Record<string, keyof Cells> = {
  Item: 'name',
  Specification: 'spec',
  MeasurementDimension: 'unit',
  Quantity: 'quantity',
  Price: 'unitPrice',
  Amount: 'amount',
  TaxScheme: 'taxRate',
  TaxAmount: 'tax',
};

/** Item rows from tagged cells: the tags give the column, the geometry gives the row. */
function taggedItems(tagged: TaggedRuns): InvoiceDraft['items'] {
  const column = new Map<TextRun, keyof Cells>();
  for (const [tag, key] of Object.entries(ITEM_TAGS)) for (const r of tagged.get(tag) ?? []) column.set(r, key);
  const runs = [...column.keys()];
  const lines = [...new Set(runs.map((r) => r.page))].sort((a, b) => a - b).flatMap((page) =>
    groupLines(runs.filter((r) => r.page === page)).map((line) => {
      const cells: Cells = {};
      for (const r of line.runs) {
        const key = column.get(r)!;
        cells[key] = `${cells[key] ?? ''}${r.text.trim()}`;
      }
      return cells;
    }),
  );
  return buildRows(lines);
}

export function tagDraft(tagged: TaggedRuns): InvoiceDraft {
  return {
    invoiceCode: tagText(tagged, 'InvoiceCode'),
    invoiceNumber: tagText(tagged, 'InvoiceNo'),
    issueDate: tagText(tagged, 'IssueDate'),
    checkCode: tagText(tagged, 'InvoiceCheckCode'),
    buyer: { name: tagText(tagged, 'BuyerName'), taxId: tagText(tagged, 'BuyerTaxID') },
    seller: { name: tagText(tagged, 'SellerName'), taxId: tagText(tagged, 'SellerTaxID') },
    items: taggedItems(tagged),
    totalAmount: tagText(tagged, 'TaxExclusiveTotalAmount'),
    totalTax: tagText(tagged, 'TaxTotalAmount'),
    totalWithTax: tagText(tagged, 'TaxInclusiveTotalAmount'),
    remarks: tagText(tagged, 'Note', ' '),
    issuer: tagText(tagged, 'InvoiceClerk'),
  };
}
