import { InvoiceParseError, type InvoiceFields } from '../fields.js';
import { assembleFields, decodeXmlBytes, parseXmlSafely } from '../common/index.js';
import { einvoiceToDraft } from './einvoice.js';

/** Largest 数电 XML accepted; real ones are a few kilobytes. */
export const MAX_XML_BYTES = 4 * 1024 * 1024;

/** Parses a 数电 XML invoice (`<EInvoice>` root). Throws InvoiceParseError on anything else. */
export function parseXmlInvoice(bytes: Uint8Array): InvoiceFields {
  if (bytes.byteLength > MAX_XML_BYTES) {
    throw new InvoiceParseError('XML_TOO_LARGE', `the XML file is larger than ${MAX_XML_BYTES} bytes`);
  }
  const text = decodeXmlBytes(bytes, 'the XML file');
  const root = parseXmlSafely(text, 'the XML file', { maxChars: MAX_XML_BYTES, maxDepth: 32 });
  if (root.name !== 'EInvoice') {
    throw new InvoiceParseError('XML_NOT_EINVOICE', `the XML root is <${root.name}>, not a 数电 <EInvoice>`);
  }
  return assembleFields(einvoiceToDraft(root));
}
