import { InvoiceParseError } from '../fields.js';
import { decodeXmlBytes, parseXmlSafely, type XmlElement } from '../common/index.js';
import { ZipArchive, type ZipLimits } from './zip.js';

/** Largest XML part read from an OFD; real parts are well under a megabyte. */
const MAX_PART_BYTES = 8 * 1024 * 1024;

/**
 * An OFD package (GB/T 33190): a zip whose parts reference each other by paths relative to the
 * referencing part's folder, or absolute from the package root.
 */
export class OfdPackage {
  readonly zip: ZipArchive;

  constructor(bytes: Uint8Array, limits?: ZipLimits) {
    this.zip = new ZipArchive(bytes, limits);
  }

  has(path: string): boolean {
    return this.zip.has(path);
  }

  /** Reads and parses an XML part; throws InvoiceParseError when it is missing or unreadable. */
  readXml(path: string): XmlElement {
    const bytes = this.zip.read(path);
    if (bytes.length > MAX_PART_BYTES) {
      throw new InvoiceParseError('OFD_TOO_LARGE', `the OFD part ${path} is larger than ${MAX_PART_BYTES} bytes`);
    }
    const what = `the OFD part ${path}`;
    return parseXmlSafely(decodeXmlBytes(bytes, what), what, { maxChars: MAX_PART_BYTES, maxDepth: 48 });
  }

  /**
   * Like readXml but returns null for a part that is missing or malformed, for optional parts
   * (tags, attachments) whose damage must not stop the invoice from being read. Hostile-input
   * refusals (DTDs, limits) still propagate.
   */
  readOptionalXml(path: string | null | undefined): XmlElement | null {
    if (!path || !this.has(path)) return null;
    try {
      return this.readXml(path);
    } catch (err) {
      if (err instanceof InvoiceParseError && /^(XML_MALFORMED|BAD_ENCODING)$/u.test(err.code)) return null;
      throw err;
    }
  }
}

/** Folder of a part path ('Doc_0/Document.xml' → 'Doc_0/'). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i + 1);
}

/**
 * Resolves a location found inside a part: absolute ('/Doc_0/...') from the root, otherwise
 * relative to the part's folder. '..' segments that would leave the package yield null.
 */
export function resolveLoc(base: string, loc: string): string | null {
  const raw = loc.trim().replace(/\\/gu, '/');
  if (raw === '') return null;
  const joined = raw.startsWith('/') ? raw.slice(1) : `${base}${raw}`;
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}
