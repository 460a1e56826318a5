import type { InvoiceFields, InvoiceFormat } from '../fields.js';
import { OfdPackage } from '../ofd/package.js';
import { checkOfdSignatures } from './ofd-signature.js';
import { checkPdfSignatures } from './pdf-signature.js';
import { onlyAnnotates } from './pdf-update.js';
import { combine, malformed, type OneSignature, type SignatureKind, type SignatureReport } from './types.js';
import { checkXmlSignature } from './xml-signature.js';

export { applyTrustAnchors, needsTrustAnchors, type TrustAnchor } from './trust.js';
export { certificateView, loadPkijs, parsesAsCertificate } from './certificate.js';
export * from './types.js';

export interface SignatureCheckOptions {
  /**
   * Reads the fields of a PDF's signed revision, when an update was appended after the last signature:
   * the signature then vouches for the invoice only if that revision shows the same invoice.
   */
  readRevision?: (bytes: Uint8Array) => Promise<InvoiceFields>;
  /**
   * Reads an OFD's fields from the parts a seal covers alone (OfdPackage's sealed view): a seal that leaves
   * parts out vouches for the invoice only if those parts read as the same invoice.
   */
  readSealedParts?: (bytes: Uint8Array, sealedParts: ReadonlySet<string>) => Promise<InvoiceFields>;
  /** Compares two readings of the invoice; returns the names of the fields that differ. */
  differences?: (a: InvoiceFields, b: InvoiceFields) => string[];
}

const KIND: Record<InvoiceFormat, SignatureKind> = { pdf: 'pdf-pkcs7', ofd: 'ofd-ses', xml: 'xml-tax-bureau' };

/**
 * Names the fields that read differently from what a signature vouches for (a PDF's signed revision, the parts
 * an OFD seal covers), or says that cannot be read on its own. Empty: the signature covers the invoice as read.
 */
async function changedFields(fields: InvoiceFields, read: () => Promise<InvoiceFields>, differences: NonNullable<SignatureCheckOptions['differences']>, unreadable: string): Promise<string[]> {
  try {
    return differences(await read(), fields);
  } catch {
    return [`(${unreadable})`];
  }
}

/** How a signature that leaves part of the file out is judged once the part it covers was read again. */
interface CoverageWords {
  /** Said when that part reads as the same invoice. */
  same: string;
  /** The code of a signature that does not vouch for the invoice as read. */
  code: string;
  /** Said when it does not, given the fields that differ. */
  differs: (changed: string) => string;
}

/** A valid signature that leaves part of the file out vouches for the invoice only if nothing changed. */
function judgeCoverage(s: OneSignature, changed: string[], words: CoverageWords): OneSignature {
  if (s.status !== 'valid' || s.covers !== 'partial') return s;
  return changed.length === 0
    ? { ...s, detail: `${s.detail} ${words.same}` }
    : { ...s, status: 'invalid', code: words.code, detail: `${words.differs(changed.join(', '))} ${s.detail}` };
}

const SEALED_PARTS: CoverageWords = {
  same: 'The parts the seal covers read as the same invoice.',
  code: 'NOT_COVERED_BY_SEAL',
  differs: (changed) => `Read from the sealed parts alone, ${changed} differ: the seal does not vouch for them.`,
};

const SIGNED_REVISION: CoverageWords = {
  same: 'The signed revision reads as the same invoice.',
  code: 'CHANGED_AFTER_SIGNING',
  differs: (changed) => `An update appended after signing changes ${changed}.`,
};

/**
 * An OFD seal that leaves parts out (OFD.xml, templates, an added document) vouches for the invoice only if the
 * parts it covers read as the same invoice: the entry part could point at another document, a template could
 * print over the page, and neither would disturb the seal.
 */
async function checkOfdCoverage(bytes: Uint8Array, fields: InvoiceFields, options: SignatureCheckOptions): Promise<OneSignature[]> {
  const seals = await checkOfdSignatures(new OfdPackage(bytes), fields.seller.taxId);
  const { readSealedParts, differences } = options;
  return Promise.all(
    seals.map(async ({ signature: s, sealedParts }) => {
      if (s.status !== 'valid' || s.covers !== 'partial' || !readSealedParts || !differences) return s;
      // Read per seal: each covers its own parts.
      return judgeCoverage(s, await changedFields(fields, () => readSealedParts(bytes, sealedParts), differences, 'the sealed parts cannot be read on their own'), SEALED_PARTS);
    }),
  );
}

async function signaturesOf(bytes: Uint8Array, format: InvoiceFormat, fields: InvoiceFields, options: SignatureCheckOptions): Promise<OneSignature[]> {
  const seller = fields.seller.taxId;
  if (format === 'ofd') return checkOfdCoverage(bytes, fields, options);
  if (format === 'xml') return checkXmlSignature(new TextDecoder('utf-8').decode(bytes), seller);
  const { signatures, signedRevisionEnd } = await checkPdfSignatures(bytes, seller);
  if (signedRevisionEnd === null) return signatures;
  if (onlyAnnotates(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), signedRevisionEnd)) {
    const note = 'The update appended after signing adds only annotations or document information; the pages are as signed.';
    return signatures.map((s) => (s.status === 'valid' && s.covers === 'partial' ? { ...s, detail: `${s.detail} ${note}` } : s));
  }
  if (!options.readRevision || !options.differences) return signatures;
  // Bytes appended after signing can redraw the page; the signature covers the invoice only if the
  // signed revision reads the same.
  const { readRevision } = options;
  const changed = await changedFields(fields, () => readRevision(bytes.slice(0, signedRevisionEnd)), options.differences, 'the signed revision cannot be read on its own');
  return signatures.map((s) => judgeCoverage(s, changed, SIGNED_REVISION));
}

/**
 * The embedded signatures of an invoice file, each checked against what it signs. Never throws: a
 * signature too damaged to read is an `invalid` one, and the invoice itself is still read.
 */
export async function checkSignatures(bytes: Uint8Array, format: InvoiceFormat, fields: InvoiceFields, options: SignatureCheckOptions = {}): Promise<SignatureReport> {
  try {
    return combine(await signaturesOf(bytes, format, fields, options));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return combine([malformed(KIND[format], `The signature could not be read (${reason}).`)]);
  }
}
