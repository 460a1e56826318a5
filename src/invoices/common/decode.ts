import { InvoiceParseError } from '../fields.js';

/**
 * Bytes of an XML document to text: a BOM wins, then the encoding named in the XML declaration
 * (UTF-8 by default; GBK/GB2312/GB18030 occur in older Chinese tax files).
 */
export function decodeXmlBytes(bytes: Uint8Array, what: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decode('utf-8', bytes.subarray(3), what);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2), what);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2), what);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/u.exec(head)?.[1]?.toLowerCase();
  const label = declared && /^(gbk|gb2312|gb18030|x-gbk)$/u.test(declared) ? 'gb18030' : 'utf-8';
  return decode(label, bytes, what);
}

function decode(label: string, bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new InvoiceParseError('BAD_ENCODING', `${what} is not valid ${label.toUpperCase()} text`);
  }
}
