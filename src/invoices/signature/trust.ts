import { certificateView, issuedBy, loadPkijs, verifyWithCertificate, type CertificateView } from './certificate.js';
import type { ChainResult, InvoiceSignature, SignatureReport } from './types.js';

/** A certificate of an issuing authority an admin loaded (revoked ones are not passed in). */
export interface TrustAnchor {
  id: string;
  name: string;
  der: Uint8Array;
}

/** Longest chain followed from the signer up to an anchor. */
const MAX_DEPTH = 6;

const fromBase64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

function views(pkijs: Awaited<ReturnType<typeof loadPkijs>>, ders: Uint8Array[]): CertificateView[] {
  const out: CertificateView[] = [];
  for (const der of ders) {
    try {
      out.push(certificateView(pkijs, der));
    } catch {
      // An unreadable certificate in the file or the store simply cannot be a link of the chain.
    }
  }
  return out;
}

interface Anchored {
  view: CertificateView;
  anchor: TrustAnchor;
}

type ChainOutcome = { chain: ChainResult; broken?: string };

/** Follows issuers from the signer through the file's certificates to a held anchor. */
function walkChain(signer: CertificateView, embedded: CertificateView[], anchors: Anchored[]): ChainOutcome {
  let current = signer;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const self = anchors.find((a) => a.view.info.fingerprintSha256 === current.info.fingerprintSha256);
    if (self) return { chain: { checked: true, anchor: { id: self.anchor.id, name: self.anchor.name }, detail: `the certificate ${current.info.subject} is held as the trust anchor ${self.anchor.name}` } };
    const byAnchor = anchors.filter((a) => a.view.info.subject === current.issuerText);
    if (byAnchor.length > 0) {
      const good = byAnchor.find((a) => issuedBy(current, a.view));
      if (good) return { chain: { checked: true, anchor: { id: good.anchor.id, name: good.anchor.name }, detail: `${current.info.subject} is issued by the trust anchor ${good.anchor.name}` } };
      const name = byAnchor[0]!.anchor.name;
      return {
        chain: { checked: true, anchor: { id: byAnchor[0]!.anchor.id, name }, detail: `${current.info.subject} names the trust anchor ${name} as its issuer, but its signature does not verify with it` },
        broken: `The signer's certificate claims the issuer ${name}, held as a trust anchor, but was not issued by it.`,
      };
    }
    const parent = embedded.find((c) => c !== current && c.info.subject === current.issuerText && issuedBy(current, c));
    if (!parent) break;
    current = parent;
  }
  return { chain: { checked: false, anchor: null, detail: `no trust anchor is held for ${current.issuerText || 'the issuer'}` } };
}

/** Whether the trust anchors can change this report: not for an unsigned file, nor one without certificates. */
export function needsTrustAnchors(report: SignatureReport): boolean {
  return report.result.status !== 'unsigned' && report.evidence !== null;
}

/**
 * The stored result of a signature once the trust anchors held have been consulted: the signer's chain
 * is followed to an anchor where one is held (a certificate that claims an anchor as its issuer but
 * was not signed by it makes the signature `invalid`), and a signature whose certificate is not in the
 * file (数电 XML) is verified with the anchor holding that certificate.
 */
export async function applyTrustAnchors(report: SignatureReport, anchors: readonly TrustAnchor[]): Promise<InvoiceSignature> {
  const { result, evidence } = report;
  if (!needsTrustAnchors(report) || !evidence) return result;
  if (anchors.length === 0) return { ...result, chain: { checked: false, anchor: null, detail: 'no trust anchor is held' } };
  const pkijs = await loadPkijs();
  const held: Anchored[] = [];
  for (const anchor of anchors) {
    const [view] = views(pkijs, [anchor.der]);
    if (view) held.push({ view, anchor });
  }
  const certs = views(pkijs, evidence.certificates.map(fromBase64));
  const signer = certs[0];
  if (signer && result.signer?.fingerprintSha256 === signer.info.fingerprintSha256) {
    const { chain, broken } = walkChain(signer, certs.slice(1), held);
    if (broken && result.status !== 'invalid') return { ...result, status: 'invalid', code: 'CHAIN_INVALID', detail: `${broken} ${result.detail}`, chain };
    return { ...result, chain };
  }
  const d = evidence.detached;
  if (!d) return { ...result, chain: { checked: false, anchor: null, detail: 'the signer certificate is not in the file' } };
  const own = held.find((a) => a.view.serialHex === d.serialNumber && a.view.issuerText === d.issuer);
  if (!own) {
    const issuer = held.find((a) => a.view.info.subject === d.issuer);
    const detail = issuer
      ? `the issuer ${issuer.anchor.name} is held, but not the signer certificate ${d.serialNumber} itself`
      : `no trust anchor holds the signer certificate ${d.serialNumber} of ${d.issuer}`;
    return { ...result, chain: { checked: false, anchor: null, detail } };
  }
  const chain: ChainResult = { checked: true, anchor: { id: own.anchor.id, name: own.anchor.name }, detail: `verified with the trust anchor ${own.anchor.name}` };
  const ok = verifyWithCertificate(own.view.cert, d.algorithm, null, fromBase64(d.signedData), fromBase64(d.signature));
  const signer2 = own.view.info;
  if (!ok) return { ...result, status: 'invalid', code: 'SIGNATURE_MISMATCH', signer: signer2, chain, detail: `The signature does not verify with the held certificate ${own.anchor.name}.` };
  if (d.digestMatched) return { ...result, status: 'valid', code: null, signer: signer2, chain, detail: `The digest of the referenced parts matches and the signature verifies with the held certificate ${own.anchor.name}.` };
  return {
    ...result,
    status: 'unverifiable',
    code: 'DIGEST_NOT_REPRODUCIBLE',
    signer: signer2,
    chain,
    detail: `The signature over the signed digest verifies with the held certificate ${own.anchor.name}, but that digest could not be recomputed from the referenced parts as stored.`,
  };
}
