import { InvoiceParseError } from '../fields.js';
import { child, childrenNamed, textAt, type XmlElement } from '../common/index.js';
import { folderOf, resolveLoc, type OfdPackage } from './package.js';

/** Most pages an invoice OFD may have; 销货清单 invoices run to dozens, not thousands. */
export const MAX_OFD_PAGES = 500;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OfdPageRef {
  /** Page ID from Document.xml: what CustomTag PageRef points at (not a page index). */
  id: string;
  /** Resolved path of the page's Content.xml, or null when it cannot be located. */
  path: string | null;
}

export interface OfdDocument {
  customDatas: Map<string, string>;
  documentPath: string;
  pages: OfdPageRef[];
  /** TemplatePage ID → resolved content path. */
  templates: Map<string, string>;
  pageArea: Box | null;
  attachmentsPath: string | null;
  customTagsPath: string | null;
}

export function parseBox(text: string | undefined): Box | null {
  const nums = (text ?? '').trim().split(/[\s,]+/u).map(Number);
  if (nums.length !== 4 || nums.some((n) => !Number.isFinite(n))) return null;
  const [x, y, width, height] = nums as [number, number, number, number];
  return { x, y, width, height };
}

/** Reads OFD.xml and the first document's Document.xml. */
export function readOfdDocument(pkg: OfdPackage): OfdDocument {
  if (!pkg.has('OFD.xml')) {
    throw new InvoiceParseError('OFD_MISSING_PART', 'the file is a zip but has no OFD.xml, so it is not an OFD');
  }
  const ofd = pkg.readXml('OFD.xml');
  const body = child(ofd, 'DocBody');
  const docRoot = textAt(body, 'DocRoot')?.trim();
  const documentPath = docRoot ? resolveLoc('', docRoot) : null;
  if (!documentPath || !pkg.has(documentPath)) {
    throw new InvoiceParseError('OFD_MISSING_PART', `the OFD's document root ${JSON.stringify(docRoot ?? '')} is missing`);
  }
  const doc = pkg.readXml(documentPath);
  const base = folderOf(documentPath);
  const common = child(doc, 'CommonData');
  const pages = collectPages(child(doc, 'Pages'), base);
  if (pages.length > MAX_OFD_PAGES) {
    throw new InvoiceParseError('OFD_TOO_MANY_PAGES', `the OFD has ${pages.length} pages (limit ${MAX_OFD_PAGES})`);
  }
  const templates = new Map<string, string>();
  for (const tpl of childrenNamed(common, 'TemplatePage')) {
    const path = tpl.attrs.BaseLoc ? resolveLoc(base, tpl.attrs.BaseLoc) : null;
    if (tpl.attrs.ID && path) templates.set(tpl.attrs.ID, path);
  }
  const locOf = (name: string): string | null => {
    const loc = textAt(doc, name)?.trim();
    return loc ? resolveLoc(base, loc) : null;
  };
  return {
    customDatas: readCustomDatas(child(body, 'DocInfo')),
    documentPath,
    pages,
    templates,
    pageArea: parseBox(textAt(common, 'PageArea', 'PhysicalBox')),
    attachmentsPath: locOf('Attachments'),
    customTagsPath: locOf('CustomTags'),
  };
}

function collectPages(pagesEl: XmlElement | undefined, base: string): OfdPageRef[] {
  return childrenNamed(pagesEl, 'Page').map((page) => ({
    id: page.attrs.ID ?? '',
    path: page.attrs.BaseLoc ? resolveLoc(base, page.attrs.BaseLoc) : null,
  }));
}

function readCustomDatas(info: XmlElement | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const data of childrenNamed(child(info, 'CustomDatas'), 'CustomData')) {
    const name = data.attrs.Name?.trim();
    if (name && !out.has(name)) out.set(name, data.text.trim());
  }
  return out;
}
