import { createHash } from 'node:crypto';
import { certificateView, loadPkijs, verifyWithCertificate } from './certificate.js';
import { checkCms, MAX_CMS_BYTES } from './cms.js';
import { dictValue, resolveStrings } from './pdf-objects.js';
import { malformed, type OneSignature } from './types.js';
import { verdict } from './verdict.js';

/** Signatures read at most from one PDF (forms signed by several parties have two or three). */
const MAX_SIGNATURES = 8;

export interface PdfSignatureSite {
  /** The signature dictionary's own text, without its /Contents value. */
  dict: string;
  byteRange: [number, number, number, number];
  contents: Uint8Array;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/gu;

/**
 * Signature dictionaries of a PDF, found by their /ByteRange. They are always direct objects in the
 * file (their /Contents is written in place after the ranges are hashed), so a scan of the raw bytes
 * finds them even where everything else sits in compressed object streams.
 */
export function findPdfSignatures(text: string): { sites: PdfSignatureSite[]; broken: string[] } {
  const sites: PdfSignatureSite[] = [];
  const broken: string[] = [];
  for (const m of text.matchAll(BYTE_RANGE)) {
    if (sites.length + broken.length >= MAX_SIGNATURES) break;
    const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    const hole = text.slice(a + b, c);
    if (a !== 0 || b <= 0 || c <= a + b || d < 0 || c + d > text.length || !/^<[0-9A-Fa-f\s]*>$/u.test(hole) || hole.length - 2 > 2 * MAX_CMS_BYTES) {
      broken.push(`a /ByteRange [${a} ${b} ${c} ${d}] that does not frame a signature value in this file`);
      continue;
    }
    const objStart = text.lastIndexOf(' obj', m.index);
    const objEnd = text.indexOf('endobj', c);
    const dict = text.slice(Math.max(objStart, m.index - 4096, 0), a + b) + text.slice(c, objEnd < 0 ? c + 4096 : Math.min(objEnd, c + 4096));
    const hex = hole.slice(1, -1).replace(/\s+/gu, '');
    sites.push({ dict, byteRange: [a, b, c, d], contents: Uint8Array.from(Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')) });
  }
  return { sites, broken };
}

/** The bytes the signature covers: the file without the signature value. */
function signedBytes(bytes: Uint8Array, [a, b, c, d]: PdfSignatureSite['byteRange']): Uint8Array {
  const out = new Uint8Array(b + d);
  out.set(bytes.subarray(a, a + b), 0);
  out.set(bytes.subarray(c, c + d), b);
  return out;
}

/** PDF date 'D:20190721124433+08'00'' → ISO 8601. */
export function pdfDate(dict: string): string | null {
  const m = /\/M\s*\(D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?'?\)/u.exec(dict);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz, th = '00', tm = '00'] = m;
  const zone = !tz || tz === 'Z' ? 'Z' : `${tz}${th}:${tm}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The certificate's trailing zero padding: /Contents is reserved larger than the signature it holds. */
function trimDer(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0x30 && bytes[0] !== 0x04) return bytes;
  const lenByte = bytes[1] ?? 0;
  const n = lenByte & 0x80 ? lenByte & 0x7f : 0;
  if (n > 4) return bytes;
  let len = n ? 0 : lenByte;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!;
  const total = 2 + n + len;
  return total <= bytes.length ? bytes.subarray(0, total) : bytes;
}

async function checkSite(text: string, bytes: Uint8Array, site: PdfSignatureSite, sellerTaxId: string | null): Promise<OneSignature> {
  const filter = /\/SubFilter\s*\/([A-Za-z0-9._-]+)/u.exec(site.dict)?.[1] ?? '';
  const end = site.byteRange[2] + site.byteRange[3];
  const covers = end === bytes.length ? 'whole-file' : 'partial';
  const what = 'the signed byte ranges';
  const note = covers === 'partial' ? `Bytes ${end}–${bytes.length} were added after signing (an incremental update).` : undefined;
  const signedAt = pdfDate(site.dict);
  const content = signedBytes(bytes, site.byteRange);
  if (filter === 'adbe.pkcs7.detached' || filter === 'ETSI.CAdES.detached' || filter === 'adbe.pkcs7.sha1') {
    const kind = 'pdf-pkcs7' as const;
    let cms;
    try {
      // adbe.pkcs7.sha1 signs the SHA-1 of the ranges (the content is that digest), not the ranges.
      const signed = filter === 'adbe.pkcs7.sha1' ? createHash('sha1').update(content).digest() : content;
      cms = await checkCms(trimDer(site.contents), [signed]);
    } catch (err) {
      return malformed(kind, `The PDF signature value is not a readable PKCS#7 signature (${err instanceof Error ? err.message : String(err)}).`);
    }
    return verdict({
      kind,
      signer: cms.signer?.info ?? null,
      signedAt: cms.signedAt ?? signedAt,
      digestAlgorithm: cms.digestAlgorithm,
      covers,
      digest: cms.digest,
      signatureVerified: cms.signatureVerified,
      sellerTaxId,
      what,
      evidence: { certificates: cms.certificates.map((c) => Buffer.from(c).toString('base64')), detached: null },
      ...(note ? { note } : {}),
    });
  }
  if (filter === 'adbe.x509.rsa_sha1') {
    const kind = 'pdf-x509-rsa-sha1' as const;
    const pkijs = await loadPkijs();
    const certs = resolveStrings(text, dictValue(site.dict, 'Cert'));
    if (certs.length === 0) return malformed(kind, 'The adbe.x509.rsa_sha1 signature names no readable /Cert.');
    let signer;
    try {
      signer = certificateView(pkijs, certs[0]!);
    } catch {
      return malformed(kind, 'The signer certificate in /Cert is not a readable X.509 certificate.');
    }
    // /Contents holds the PKCS#1 signature as a DER OCTET STRING (some writers put the bare value).
    const raw = trimDer(site.contents);
    const value = raw[0] === 0x04 ? raw.subarray(raw[1]! & 0x80 ? 2 + (raw[1]! & 0x7f) : 2) : raw;
    // The signature is over the SHA-1 of the ranges: verifying it is the digest check too.
    const ok = verifyWithCertificate(signer.cert, '1.2.840.113549.1.1.5', 'sha1', content, value);
    return verdict({
      kind,
      signer: signer.info,
      signedAt,
      digestAlgorithm: 'sha1',
      covers,
      digest: ok ? 'match' : 'mismatch',
      signatureVerified: ok,
      sellerTaxId,
      what,
      evidence: { certificates: certs.slice(0, 16).map((c) => Buffer.from(c).toString('base64')), detached: null },
      ...(note ? { note } : {}),
    });
  }
  return {
    ...malformed('pdf-pkcs7', `The PDF signature uses /SubFilter ${filter || '(none)'}, which is not checked here.`),
    status: 'unverifiable',
    code: 'UNSUPPORTED_SIGNATURE',
    signedAt,
    covers,
  };
}

export interface PdfSignatures {
  signatures: OneSignature[];
  /** Where the earliest signed revision ends, when a later update follows it. */
  signedRevisionEnd: number | null;
}

/** Every signature of a PDF, each checked against the bytes it covers. */
export async function checkPdfSignatures(bytes: Uint8Array, sellerTaxId: string | null): Promise<PdfSignatures> {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf('/ByteRange') < 0) return { signatures: [], signedRevisionEnd: null };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const { sites, broken } = findPdfSignatures(text);
  const signatures = [
    ...broken.map((b) => malformed('pdf-pkcs7', `The PDF has ${b}.`)),
    ...(await Promise.all(sites.map((s) => checkSite(text, bytes, s, sellerTaxId)))),
  ];
  const ends = sites.map((s) => s.byteRange[2] + s.byteRange[3]);
  const last = ends.length ? Math.max(...ends) : null;
  return { signatures, signedRevisionEnd: last !== null && last < bytes.length ? last : null };
}
