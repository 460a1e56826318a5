import { createHash } from 'node:crypto';
import type * as Pkijs from 'pkijs';
import { OID, certificateView, digestName, loadPkijs, nameText, serialHex, verifyWithCertificate, type CertificateView } from './certificate.js';

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

function attribute(info: Pkijs.SignerInfo, oid: string): Pkijs.Attribute | undefined {
  return info.signedAttrs?.attributes.find((a) => a.type === oid);
}

function signingTime(info: Pkijs.SignerInfo): string | null {
  const value = attribute(info, OID.signingTime)?.values[0] as { toDate?: () => Date } | undefined;
  const date = value?.toDate?.();
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function findSigner(pkijs: typeof Pkijs, certs: CertificateView[], info: Pkijs.SignerInfo): CertificateView | null {
  const sid = info.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = serialHex(sid.serialNumber);
    const issuer = nameText(sid.issuer);
    return certs.find((c) => c.serialHex === serial && c.issuerText === issuer) ?? certs.find((c) => c.serialHex === serial) ?? null;
  }
  return certs.length === 1 ? certs[0]! : null;
}

function sidOf(pkijs: typeof Pkijs, info: Pkijs.SignerInfo): CmsCheck['sid'] {
  const sid = info.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) return { issuer: nameText(sid.issuer), serialNumber: serialHex(sid.serialNumber) };
  return { issuer: '', serialNumber: '' };
}

/**
 * Reads a detached CMS signature and checks it against `contents`: the candidate byte strings that may
 * have been signed (a PDF's byte ranges; more than one where a format's serialisation is ambiguous), or
 * none when the signed content cannot be rebuilt. Throws on a structure that is not a SignedData.
 */
export async function checkCms(der: Uint8Array, contents: readonly Uint8Array[]): Promise<CmsCheck> {
  if (der.length > MAX_CMS_BYTES) throw new Error(`the signature is ${der.length} bytes, more than any invoice signature`);
  const pkijs = await loadPkijs();
  const info = pkijs.ContentInfo.fromBER(der);
  const signed = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signed.signerInfos[0];
  if (!signerInfo) throw new Error('the signature has no signer');
  const certs = (signed.certificates ?? [])
    .filter((c): c is Pkijs.Certificate => c instanceof pkijs.Certificate)
    .slice(0, 16)
    .map((c) => certificateView(pkijs, new Uint8Array(c.toSchema().toBER(false))));
  const signer = findSigner(pkijs, certs, signerInfo);
  const digestOid = signerInfo.digestAlgorithm.algorithmId;
  const hash = digestName(digestOid);
  const signatureOid = signerInfo.signatureAlgorithm.algorithmId;
  const signature = signerInfo.signature.valueBlock.valueHexView;

  const signedDigest = attribute(signerInfo, OID.messageDigest)?.values[0] as { valueBlock?: { valueHexView?: Uint8Array } } | undefined;
  const wanted = signedDigest?.valueBlock?.valueHexView ?? null;
  const attrs = signerInfo.signedAttrs ? new Uint8Array(signerInfo.signedAttrs.encodedValue) : null;

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

  return {
    signer,
    certificates: [...(signer ? [signer.der] : []), ...certs.filter((c) => c !== signer).map((c) => c.der)],
    digestAlgorithm: hash,
    signedAt: signingTime(signerInfo),
    digest,
    signatureVerified,
    sid: sidOf(pkijs, signerInfo),
    signedData,
    signature,
    signatureOid,
  };
}
