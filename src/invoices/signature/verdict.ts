import type { OneSignature, SignatureEvidence, SignatureKind, SignerInfo } from './types.js';

export interface VerdictInput {
  kind: SignatureKind;
  signer: SignerInfo | null;
  signedAt: string | null;
  digestAlgorithm: string | null;
  covers: 'whole-file' | 'partial' | null;
  digest: 'match' | 'mismatch' | 'not-reproducible';
  /** null when no certificate was at hand to verify with. */
  signatureVerified: boolean | null;
  /** The invoice's seller as parsed, for the signer check. */
  sellerTaxId: string | null;
  /** What was signed, for the detail: 'the signed byte ranges', 'the 13 referenced parts' … */
  what: string;
  evidence: SignatureEvidence | null;
  /** A note appended to the detail (the signer, a coverage remark). */
  note?: string;
}

/**
 * The status a signature earns from what could be checked, in order of gravity: a changed digest or a
 * signature that does not verify is `invalid`; so is a signer certificate naming another enterprise's
 * USCC than the seller's; a missing certificate or an unreproducible digest leaves it `unverifiable`.
 */
export function verdict(v: VerdictInput): OneSignature {
  const base = { kind: v.kind, signer: v.signer, signedAt: v.signedAt, digestAlgorithm: v.digestAlgorithm, covers: v.covers, digest: v.digest, evidence: v.evidence };
  const by = v.signer ? ` Signer: ${v.signer.subject}.` : '';
  const note = v.note ? ` ${v.note}` : '';
  const say = (status: OneSignature['status'], code: string | null, detail: string): OneSignature => ({ ...base, status, code, detail: `${detail}${by}${note}` });
  if (v.digest === 'mismatch') return say('invalid', 'DIGEST_MISMATCH', `The digest of ${v.what} differs from the signed one: the file was changed after signing.`);
  if (v.signatureVerified === false) return say('invalid', 'SIGNATURE_MISMATCH', `The signature over ${v.what} does not verify with the signer's certificate.`);
  if (v.signer?.uscc && v.sellerTaxId && v.signer.uscc !== v.sellerTaxId.toUpperCase()) {
    return say('invalid', 'SIGNER_NOT_SELLER', `The signer's certificate names ${v.signer.uscc}, not the seller ${v.sellerTaxId}.`);
  }
  if (v.signatureVerified === null) {
    const digest = v.digest === 'match' ? `the digest of ${v.what} matches the signed one` : `the digest of ${v.what} could not be recomputed`;
    return say('unverifiable', 'CERTIFICATE_NOT_HELD', `Signed, but the signer's certificate is neither in the file nor held as a trust anchor; ${digest}.`);
  }
  if (v.digest === 'not-reproducible') {
    return say('unverifiable', 'DIGEST_NOT_REPRODUCIBLE', `The signature verifies, but the digest of ${v.what} could not be recomputed from the file.`);
  }
  return say('valid', null, `The digest of ${v.what} matches and the signature verifies with the signer's certificate.`);
}
