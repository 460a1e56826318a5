import { createHash } from 'node:crypto';
import { certificateView, digestName, loadPkijs, nameText, serialHex, verifyWithCertificate, type CertificateView } from './certificate.js';
import { readSignedData } from './cms-structure.js';

/** A CMS SignedData (PKCS#7) signature, read and checked as far as the bytes at hand allow. */
export interface CmsCheck {
  /** The signer's certificate when the signature carries it. */
  signer: CertificateView | null;
  /** Every certificate carried, DER, signer first. */
  certificates: Uint8Array[];
  digestAlgorithm: string | null;
  signedAt: string | null;
  /** match / mismatch of the signed digest against the content; not-reproducible when no content was given. */
  digest: 'match' | 'mismatch' | 'not-reproducible';
  /** null when no certificate to verify with was at hand. */
  signatureVerified: boolean | null;
  sid: { issuer: string; serialNumber: string };
  /** What the signature is computed over (the signed attributes, or the content itself). */
  signedData: Uint8Array | null;
  signature: Uint8Array;
  signatureOid: string;
}

/** Signature contents larger than this are not a real invoice's signature. */
export const MAX_CMS_BYTES = 512 * 1024;

/** The signer's certificate among those carried: by issuer and serial number, or the only one. */
function findSigner(certs: CertificateView[], sid: CmsCheck['sid'] | null): CertificateView | null {
  if (sid) return certs.find((c) => c.serialHex === sid.serialNumber && c.issuerText === sid.issuer) ?? certs.find((c) => c.serialHex === sid.serialNumber) ?? null;
  return certs.length === 1 ? certs[0]! : null;
}

/**
 * Reads a detached CMS signature and checks it against `contents`: the candidate byte strings that may
 * have been signed (a PDF's byte ranges; more than one where a format's serialisation is ambiguous), or
 * none when the signed content cannot be rebuilt. Throws on a structure that is not a SignedData.
 */
export async function checkCms(der: Uint8Array, contents: readonly Uint8Array[]): Promise<CmsCheck> {
  if (der.length > MAX_CMS_BYTES) throw new Error(`the signature is ${der.length} bytes, more than any invoice signature`);
  const pkijs = await loadPkijs();
  const parts = readSignedData(der);
  const certs = parts.certificates.map((c) => certificateView(pkijs, c));
  const sid = parts.sid
    ? { issuer: nameText(new pkijs.RelativeDistinguishedNames({ schema: parts.sid.issuer })), serialNumber: serialHex({ valueBlock: { valueHexView: parts.sid.serial } }) }
    : null;
  const signer = findSigner(certs, sid);
  const hash = digestName(parts.digestAlgorithm);
  const signatureOid = parts.signatureAlgorithm;
  const signature = parts.signature;
  const wanted = parts.messageDigest;
  const attrs = parts.signedAttrs;

  let digest: CmsCheck['digest'] = 'not-reproducible';
  let content: Uint8Array | null = null;
  if (contents.length > 0 && hash) {
    if (wanted) {
      const hit = contents.find((c) => Buffer.from(createHash(hash).update(c).digest()).equals(Buffer.from(wanted)));
      digest = hit ? 'match' : 'mismatch';
      content = hit ?? null;
    } else content = contents[0]!;
  }
  const signedData = attrs ?? content;
  let signatureVerified: boolean | null = null;
  if (signer && signedData) signatureVerified = verifyWithCertificate(signer.cert, signatureOid, hash, signedData, signature);
  // Without signed attributes the signature is over the content itself: verifying it checks the digest too.
  if (!attrs && signatureVerified !== null) digest = signatureVerified ? 'match' : 'mismatch';
  const signingTime = parts.signingTime && !Number.isNaN(parts.signingTime.getTime()) ? parts.signingTime.toISOString() : null;

  return {
    signer,
    certificates: [...(signer ? [signer.der] : []), ...certs.filter((c) => c !== signer).map((c) => c.der)],
    digestAlgorithm: hash,
    signedAt: signingTime,
    digest,
    signatureVerified,
    sid: sid ?? { issuer: '', serialNumber: '' },
    signedData,
    signature,
    signatureOid,
  };
}
