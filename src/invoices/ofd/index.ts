import type { InvoiceFields } from '../fields.js';
import { assembleFields } from '../common/index.js';
import { customDataDraft, readAttachmentDraft } from './attachment.js';
import { readTaggedRuns, tagDraft } from './custom-tags.js';
import { readOfdDocument } from './document.js';
import { readLayout } from './layout/index.js';
import { chooseItems, mergeDrafts } from './merge.js';
import { OfdPackage } from './package.js';
import { readPages } from './pages.js';
import type { ZipLimits } from './zip.js';

export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.js';

/**
 * Parses an OFD e-invoice (GB/T 33190): legacy 税控 invoices with their original_invoice.xml
 * attachment and 数电 invoices with custom tags alike. The printed pages are always read (title,
 * amount in words, 销货清单 lines); structured parts take precedence for the fields they carry.
 * With `sealedParts`, only the parts a seal covers are read (the signature check's second reading).
 */
export function parseOfdInvoice(bytes: Uint8Array, limits?: ZipLimits, sealedParts?: ReadonlySet<string>): InvoiceFields {
  const pkg = new OfdPackage(bytes, limits, sealedParts);
  const doc = readOfdDocument(pkg);
  const pages = readPages(pkg, doc);
  const layout = readLayout(pages);
  const attachment = readAttachmentDraft(pkg, doc) ?? {};
  const tags = tagDraft(readTaggedRuns(pkg, doc, pages));
  const merged = mergeDrafts([attachment, tags, customDataDraft(doc.customDatas), layout]);
  return assembleFields({
    ...merged,
    title: layout.title ?? null,
    items: chooseItems(attachment.items, layout.items, tags.items, merged.totalAmount),
    pages: doc.pages.length,
  });
}
