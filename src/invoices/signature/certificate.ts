import { createHash, createPublicKey, verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';
import type * as Pkijs from 'pkijs';
import { isValidUscc } from '../../domain/uscc.js';
import type { SignerInfo } from './types.js';
import { sm2Verify } from './sm2.js';

type PkijsModule = typeof Pkijs;

// pkijs is loaded on the first signed file, not with the parsers: it takes about a third of a second to
// load, which a parser thread that only meets unsigned files never needs to pay.
let loading: Promise<PkijsModule> | null = null;
export const loadPkijs = (): Promise<PkijsModule> => (loading ??= import('pkijs'));

export const OID = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sm3: '1.2.156.10197.1.401',
  rsa: '1.2.840.113549.1.1.1',
  sm2Sign: '1.2.156.10197.1.501',
  sm2Curve: '1.2.156.10197.1.301',
  ecPublicKey: '1.2.840.10045.2.1',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

const DIGESTS: Record<string, string> = { [OID.sha1]: 'sha1', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512', [OID.sm3]: 'sm3' };
// Signature algorithms that name their digest (the CMS digestAlgorithm then only repeats it).
const SIGNATURE_DIGESTS: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  [OID.sm2Sign]: 'sm3',
  '1.2.156.10197.1.501.1': 'sm3',
};
const SM2_SIGNATURES = new Set([OID.sm2Sign, '1.2.156.10197.6.1.4.2.1', '1.2.156.10197.1.301.1']);

/** Node's hash name of a digest algorithm OID (or signature OID that implies one); null when unknown. */
export function digestName(oid: string | undefined): string | null {
  if (!oid) return null;
  return DIGESTS[oid] ?? SIGNATURE_DIGESTS[oid] ?? null;
}

const NAMES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber', '2.5.4.4': 'SN', '2.5.4.42': 'GN', '2.5.4.97': 'organizationIdentifier', '1.2.840.113549.1.9.1': 'E',
};

type Rdn = Pkijs.RelativeDistinguishedNames;

/** "CN=…, OU=…, O=…" in the certificate's own order; values as printed (UTF-8, BMP and printable strings). */
export function nameText(name: Rdn): string {
  return name.typesAndValues
    .map((tv) => `${NAMES[tv.type] ?? tv.type}=${String((tv.value as { valueBlock?: { value?: unknown } }).valueBlock?.value ?? '')}`)
    .join(', ');
}

const USCC_CANDIDATE = /[0-9A-HJ-NP-RTUWXY]{18}/gu;

/** The first valid 统一社会信用代码 found in a name's values (issuers put it in OU, CN or serialNumber). */
export function usccIn(text: string): string | null {
  for (const m of text.toUpperCase().matchAll(USCC_CANDIDATE)) if (isValidUscc(m[0])) return m[0];
  return null;
}

export interface CertificateView {
  der: Uint8Array;
  cert: Pkijs.Certificate;
  info: SignerInfo;
  issuerText: string;
  serialHex: string;
}

const iso = (d: Date | undefined): string | null => (d && !Number.isNaN(d.getTime()) ? d.toISOString() : null);

export function serialHex(serial: { valueBlock: { valueHexView: Uint8Array } }): string {
  return Buffer.from(serial.valueBlock.valueHexView).toString('hex').replace(/^(00)+(?=.)/u, '').toUpperCase();
}

/**
 * Certificates read lately, by the SHA-256 of their DER. Invoices come from few signers (an issuing
 * platform's certificate, a tax bureau's seal), and reading a certificate's ASN.1 costs more than
 * hashing the file's signed bytes; a parser thread reads each signer once. Views are never changed.
 */
const VIEWS = new Map<string, CertificateView>();
const MAX_VIEWS = 256;

export function certificateView(pkijs: PkijsModule, der: Uint8Array): CertificateView {
  const fingerprint = createHash('sha256').update(der).digest('hex');
  const known = VIEWS.get(fingerprint);
  if (known) return known;
  const view = readCertificate(pkijs, der, fingerprint);
  if (VIEWS.size >= MAX_VIEWS) VIEWS.delete(VIEWS.keys().next().value!);
  VIEWS.set(fingerprint, view);
  return view;
}

function readCertificate(pkijs: PkijsModule, der: Uint8Array, fingerprint: string): CertificateView {
  const cert = pkijs.Certificate.fromBER(der);
  const subject = nameText(cert.subject);
  const issuerText = nameText(cert.issuer);
  const serial = serialHex(cert.serialNumber);
  return {
    der: der.slice(),
    cert,
    issuerText,
    serialHex: serial,
    info: {
      subject,
      uscc: usccIn(subject),
      issuer: issuerText,
      serialNumber: serial,
      notBefore: iso(cert.notBefore.value),
      notAfter: iso(cert.notAfter.value),
      fingerprintSha256: fingerprint,
    },
  };
}

/** The raw EC point of an SM2 or EC public key, or null for other keys. */
function ecPoint(cert: Pkijs.Certificate): Uint8Array | null {
  const spki = cert.subjectPublicKeyInfo;
  if (spki.algorithm.algorithmId !== OID.ecPublicKey) return null;
  return spki.subjectPublicKey.valueBlock.valueHexView;
}

function isSm2Key(cert: Pkijs.Certificate): boolean {
  const params = cert.subjectPublicKeyInfo.algorithm.algorithmParams as { valueBlock?: { toString(): string } } | undefined;
  return ecPoint(cert) !== null && params?.valueBlock?.toString() === OID.sm2Curve;
}

// A certificate's key, imported once: certificates are shared through the view cache above.
const KEYS = new WeakMap<Pkijs.Certificate, KeyObject>();

function publicKey(cert: Pkijs.Certificate): KeyObject {
  let key = KEYS.get(cert);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
    KEYS.set(cert, key);
  }
  return key;
}

/**
 * Verifies `signature` over `data` with the certificate's public key. `signatureOid` names the scheme
 * (rsaEncryption, sha256WithRSA, SM2-with-SM3 …) and `digest` the hash when the scheme does not.
 * Never throws: anything unreadable is a failed verification.
 */
export function verifyWithCertificate(cert: Pkijs.Certificate, signatureOid: string, digest: string | null, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (SM2_SIGNATURES.has(signatureOid) || (isSm2Key(cert) && (digest === 'sm3' || signatureOid === OID.sm2Sign))) {
      const point = ecPoint(cert);
      return point !== null && sm2Verify(point, data, signature);
    }
    const hash = SIGNATURE_DIGESTS[signatureOid] ?? digest;
    if (!hash) return false;
    return nodeVerify(hash, data, publicKey(cert), signature);
  } catch {
    return false;
  }
}

/** Verifies that `issuer` signed `subject` (its tbsCertificate). */
export function issuedBy(subject: CertificateView, issuer: CertificateView): boolean {
  const c = subject.cert;
  const oid = c.signatureAlgorithm.algorithmId;
  return verifyWithCertificate(issuer.cert, oid, digestName(oid), c.tbsView, c.signatureValue.valueBlock.valueHexView);
}

/** Whether the DER bytes are a certificate Node's own parser accepts (a cheap sanity check on uploads). */
export function parsesAsCertificate(der: Uint8Array): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}
