import type { InvoiceFormat } from './fields.js';
import { zipHasEntry } from './ofd/zip-names.js';

/**
 * The format of an uploaded file by its magic bytes, never by name or declared type:
 * PDF '%PDF-', OFD a zip ('PK\x03\x04') holding OFD.xml, XML '<?xml' or an '<EInvoice' root after
 * an optional BOM and white space (or a comment / DOCTYPE followed by an '<EInvoice' root).
 * Anything else is null (the upload answers 415).
 */
export function detectFormat(bytes: Uint8Array): InvoiceFormat | null {
  if (startsWith(bytes, 0, '%PDF-')) return 'pdf';
  if (startsWith(bytes, 0, 'PK\x03\x04')) return zipHasEntry(bytes, 'OFD.xml') ? 'ofd' : null;
  const start = skipBomAndSpace(bytes);
  if (startsWith(bytes, start, '<?xml') || startsWith(bytes, start, '<EInvoice')) return 'xml';
  // A comment or DOCTYPE before the root still makes an XML invoice (the parser then refuses the DTD).
  if (startsWith(bytes, start, '<!') && findAscii(bytes, '<EInvoice', 64 * 1024) >= 0) return 'xml';
  // PDF readers accept a header preceded by a little junk; so does pdf.js.
  if (findAscii(bytes, '%PDF-', 1024) >= 0) return 'pdf';
  return null;
}

function startsWith(bytes: Uint8Array, offset: number, ascii: string): boolean {
  if (offset + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[offset + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function skipBomAndSpace(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && i < 4096 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}

function findAscii(bytes: Uint8Array, ascii: string, within: number): number {
  const end = Math.min(bytes.length - ascii.length, within);
  for (let i = 0; i <= end; i++) if (startsWith(bytes, i, ascii)) return i;
  return -1;
}
