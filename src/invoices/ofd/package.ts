import { InvoiceParseError } from '../fields.js';
import { child, decodeXmlBytes, parseXmlSafely, type XmlElement } from '../common/index.js';
import { ZipArchive, type ZipLimits } from './zip.js';

/** Largest XML part read from an OFD; real parts are well under a megabyte. */
const MAX_PART_BYTES = 8 * 1024 * 1024;

/** The package's entry part: it names the document to read and the signature list. */
const ENTRY = 'ofd.xml';

/**
 * An OFD package (GB/T 33190): a zip whose parts reference each other by paths relative to the
 * referencing part's folder, or absolute from the package root.
 *
 * Given `sealedParts` (lower-case paths a seal covers), it shows only those: any other part reads as missing.
 * The entry part OFD.xml is the exception, as seals commonly leave it out: it still names the document, which
 * must itself be sealed, but its DocInfo (whose CustomDatas carry invoice fields) is dropped.
 */
export class OfdPackage {
  readonly zip: ZipArchive;
  private readonly sealedParts: ReadonlySet<string> | null;

  constructor(bytes: Uint8Array, limits?: ZipLimits, sealedParts?: ReadonlySet<string>) {
    this.zip = new ZipArchive(bytes, limits);
    this.sealedParts = sealedParts ?? null;
  }

  private shows(path: string): boolean {
    return !this.sealedParts || partKey(path) === ENTRY || this.sealedParts.has(partKey(path));
  }

  has(path: string): boolean {
    return this.shows(path) && this.zip.has(path);
  }

  /** Reads and parses an XML part; throws InvoiceParseError when it is missing or unreadable. */
  readXml(path: string): XmlElement {
    if (!this.shows(path)) throw new InvoiceParseError('OFD_MISSING_PART', `the OFD part ${path} is not covered by the seal`);
    const bytes = this.zip.read(path);
    if (bytes.length > MAX_PART_BYTES) {
      throw new InvoiceParseError('OFD_TOO_LARGE', `the OFD part ${path} is larger than ${MAX_PART_BYTES} bytes`);
    }
    const what = `the OFD part ${path}`;
    const root = parseXmlSafely(decodeXmlBytes(bytes, what), what, { maxChars: MAX_PART_BYTES, maxDepth: 48 });
    if (this.sealedParts && partKey(path) === ENTRY && !this.sealedParts.has(ENTRY)) withoutDocInfo(root);
    return root;
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

/** A part path as seals' coverage is kept: slashes forward, no leading slash, lower case. */
export function partKey(path: string): string {
  return path.replace(/\\/gu, '/').replace(/^\/+/u, '').toLowerCase();
}

/** Drops DocBody/DocInfo from a parsed OFD.xml: what an unsealed entry part says about the invoice is not read. */
function withoutDocInfo(ofd: XmlElement): void {
  const body = child(ofd, 'DocBody');
  if (body) body.children = body.children.filter((c) => c.name !== 'DocInfo');
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
