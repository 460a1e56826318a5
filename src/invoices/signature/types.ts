import { z } from 'zod';

/**
 * What the embedded signature of an invoice file says about it. `valid`: the signed bytes or parts are
 * unchanged and the signature verifies with the signer's certificate (embedded, or held as a trust
 * anchor); `invalid`: something was changed after signing, or the signer is not who the invoice says;
 * `unverifiable`: signed, but the certificate or the signed serialisation needed to decide is not at
 * hand; `unsigned`: the file carries no signature.
 */
export const SignatureStatus = z.enum(['valid', 'invalid', 'unsigned', 'unverifiable']);
export type SignatureStatus = z.infer<typeof SignatureStatus>;

export const SignatureKind = z.enum(['pdf-pkcs7', 'pdf-x509-rsa-sha1', 'ofd-ses', 'ofd-pkcs7', 'xml-tax-bureau']);
export type SignatureKind = z.infer<typeof SignatureKind>;

export const SignerInfo = z.object({
  subject: z.string(),
  /** A 统一社会信用代码 named in the subject (valid check digit), if any. */
  uscc: z.string().nullable(),
  issuer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  notBefore: z.string().nullable(),
  notAfter: z.string().nullable(),
  fingerprintSha256: z.string().nullable(),
});
export type SignerInfo = z.infer<typeof SignerInfo>;

export const ChainResult = z.object({
  /** Whether a trust anchor for the signer's issuer (or the signer itself) was held and used. */
  checked: z.boolean(),
  anchor: z.object({ id: z.string(), name: z.string() }).nullable(),
  detail: z.string(),
});
export type ChainResult = z.infer<typeof ChainResult>;

export const InvoiceSignature = z.object({
  status: SignatureStatus,
  /** UPPER_SNAKE reason for anything but `valid` and `unsigned`: DIGEST_MISMATCH, SIGNER_NOT_SELLER … */
  code: z.string().nullable(),
  kind: SignatureKind.nullable(),
  signer: SignerInfo.nullable(),
  signedAt: z.string().nullable(),
  digestAlgorithm: z.string().nullable(),
  /** Whether the signature covers every byte (or part) of the file, or leaves some out. */
  covers: z.enum(['whole-file', 'partial']).nullable(),
  /** The digest over the signed bytes or parts: recomputed and equal, different, or not recomputable. */
  digest: z.enum(['match', 'mismatch', 'not-reproducible']).nullable(),
  chain: ChainResult,
  /** Signatures found in the file; the status is the worst of them. */
  count: z.number().int(),
  detail: z.string(),
});
export type InvoiceSignature = z.infer<typeof InvoiceSignature>;

/**
 * What checking the chain later needs and the stored result does not keep: the certificates found in
 * the file (DER, base64, signer first) and, for a signature whose signer certificate is not embedded,
 * the signed attributes with the signature and the signer's issuer and serial number.
 */
export const SignatureEvidence = z.object({
  certificates: z.array(z.string().max(64 * 1024)).max(16),
  detached: z
    .object({
      issuer: z.string().max(4096),
      serialNumber: z.string().max(128),
      signedData: z.string().max(64 * 1024),
      signature: z.string().max(4096),
      algorithm: z.string().max(64),
      /** The digest of the signed content was recomputed and matched the signed one. */
      digestMatched: z.boolean(),
    })
    .nullable(),
});
export type SignatureEvidence = z.infer<typeof SignatureEvidence>;

export const SignatureReport = z.object({ result: InvoiceSignature, evidence: SignatureEvidence.nullable() });
export type SignatureReport = z.infer<typeof SignatureReport>;

export const NO_CHAIN: ChainResult = { checked: false, anchor: null, detail: 'no trust anchor was consulted' };

export function unsigned(detail = 'the file carries no digital signature'): InvoiceSignature {
  return { status: 'unsigned', code: null, kind: null, signer: null, signedAt: null, digestAlgorithm: null, covers: null, digest: null, chain: NO_CHAIN, count: 0, detail };
}

/** One signature's outcome before it is combined with the others of the file. */
export type OneSignature = Omit<InvoiceSignature, 'chain' | 'count'> & { evidence: SignatureEvidence | null };

const RANK: Record<SignatureStatus, number> = { invalid: 3, unverifiable: 2, valid: 1, unsigned: 0 };

/** A file's result: the worst of its signatures (an invalid one is never hidden behind a valid one). */
export function combine(signatures: readonly OneSignature[]): SignatureReport {
  if (signatures.length === 0) return { result: unsigned(), evidence: null };
  const worst = [...signatures].sort((a, b) => RANK[b.status] - RANK[a.status])[0]!;
  const { evidence, ...rest } = worst;
  const detail = signatures.length > 1 ? `${rest.detail} (${signatures.length} signatures; the least trustworthy is shown)` : rest.detail;
  return { result: { ...rest, detail, chain: NO_CHAIN, count: signatures.length }, evidence };
}

/** A structurally broken signature: the check fails, the invoice is still read. */
export function malformed(kind: SignatureKind, detail: string): OneSignature {
  return { status: 'invalid', code: 'MALFORMED_SIGNATURE', kind, signer: null, signedAt: null, digestAlgorithm: null, covers: null, digest: null, detail, evidence: null };
}
