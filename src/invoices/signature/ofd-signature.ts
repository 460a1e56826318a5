import { createHash } from 'node:crypto';
import { child, childrenNamed, textAt, type XmlElement } from '../common/index.js';
import { partKey, resolveLoc, folderOf, type OfdPackage } from '../ofd/package.js';
import { certificateView, digestName, loadPkijs, verifyWithCertificate } from './certificate.js';
import { checkCms } from './cms.js';
import { readSes } from './ses.js';
import { malformed, type OneSignature } from './types.js';
import { verdict } from './verdict.js';

/** Seals read at most from one OFD. */
const MAX_SIGNATURES = 8;
/** References checked at most per seal; real invoices reference a few dozen parts. */
const MAX_REFERENCES = 2000;

interface Reference {
  path: string | null;
  loc: string;
  checkValue: string;
}

/**
 * Parts of the package the seal's references do not cover, besides the seal's own files: the signature list
 * and the folder of this seal's description (its signed value, its seal picture). Not every Signs folder: an
 * edited copy of the document placed there would otherwise count as covered.
 */
function uncovered(pkg: OfdPackage, covered: Set<string>, listPath: string, signaturePath: string): string[] {
  const list = partKey(listPath);
  const description = partKey(signaturePath);
  const sealFolder = partKey(folderOf(signaturePath));
  const sealOwn = (key: string) => (sealFolder === '' ? key === description : key.startsWith(sealFolder));
  return pkg.zip.names().filter((n) => {
    const key = partKey(n);
    return !covered.has(key) && key !== list && !sealOwn(key);
  });
}

function references(signature: XmlElement): { method: string; refs: Reference[] } {
  const list = child(child(signature, 'SignedInfo'), 'References');
  const refs = childrenNamed(list, 'Reference')
    .slice(0, MAX_REFERENCES)
    .map((r) => {
      const loc = r.attrs['FileRef'] ?? '';
      return { loc, path: resolveLoc('', loc), checkValue: (textAt(r, 'CheckValue') ?? '').trim() };
    });
  return { method: list?.attrs['CheckMethod'] ?? '', refs };
}

/** GB/T 33190 §18: the check method names the hash of each referenced part; SM3 when not named. */
function checkMethodHash(method: string): string | null {
  const m = method.trim();
  if (m === '') return 'sm3';
  return digestName(m) ?? ({ SM3: 'sm3', 'SHA-1': 'sha1', SHA1: 'sha1', 'SHA-256': 'sha256', SHA256: 'sha256', MD5: 'md5' } as Record<string, string>)[m.toUpperCase()] ?? null;
}

/** A seal's verdict and the parts it covers (lower-case paths; empty when it could not be read that far). */
export interface OfdSeal {
  signature: OneSignature;
  sealedParts: ReadonlySet<string>;
}

async function checkOne(pkg: OfdPackage, listPath: string, signaturePath: string, sellerTaxId: string | null, covered: Set<string>): Promise<OneSignature> {
  const kind = 'ofd-ses' as const;
  const signatureXml = pkg.readOptionalXml(signaturePath);
  if (!signatureXml) return malformed(kind, `The seal description ${signaturePath} is missing or unreadable.`);
  const valueLoc = textAt(signatureXml, 'SignedValue')?.trim() ?? '';
  const valuePath = resolveLoc(folderOf(signaturePath), valueLoc);
  if (!valuePath || !pkg.has(valuePath)) return malformed(kind, `The seal's signed value ${JSON.stringify(valueLoc)} is missing.`);

  // 1. Every referenced part hashes to its recorded check value.
  const { method, refs } = references(signatureXml);
  const hash = checkMethodHash(method);
  if (!hash) return malformed(kind, `The seal uses an unknown check method ${JSON.stringify(method)}.`);
  const changed: string[] = [];
  for (const ref of refs) {
    if (!ref.path || !pkg.has(ref.path)) {
      changed.push(`${ref.loc} (missing)`);
      continue;
    }
    covered.add(partKey(ref.path));
    const digest = createHash(hash).update(pkg.zip.read(ref.path)).digest('base64');
    if (digest !== ref.checkValue.replace(/\s+/gu, '')) changed.push(ref.loc);
  }
  const rest = uncovered(pkg, covered, listPath, signaturePath);
  const covers = rest.length === 0 ? 'whole-file' : 'partial';
  const coverNote = rest.length ? `Not covered by the seal: ${rest.slice(0, 5).join(', ')}${rest.length > 5 ? ' …' : ''}.` : undefined;

  // 2. The signed value signs Signature.xml (its hash is in the SES structure, or it is the CMS content).
  const signedInfo = pkg.zip.read(signaturePath);
  const value = pkg.zip.read(valuePath);
  const what = `the ${refs.length} referenced parts and the seal description`;
  const pkijs = await loadPkijs();
  let ses;
  try {
    ses = readSes(value);
  } catch {
    ses = null;
  }
  if (ses) {
    let signer;
    try {
      signer = certificateView(pkijs, ses.cert);
    } catch {
      return malformed(kind, 'The seal signer certificate is not a readable X.509 certificate.');
    }
    const digestAlgorithm = digestName(ses.signatureAlgorithm) ?? 'sm3';
    const descriptionHash = createHash(digestAlgorithm).update(signedInfo).digest();
    const digestOk = changed.length === 0 && Buffer.from(ses.dataHash).equals(descriptionHash);
    const verified = verifyWithCertificate(signer.cert, ses.signatureAlgorithm, digestAlgorithm, ses.toSign, ses.signature);
    const seal = ses.sealName ? `Seal: ${ses.sealName}.` : '';
    const changedNote = changed.length ? `Changed after sealing: ${changed.slice(0, 5).join(', ')}.` : '';
    const note = [seal, changedNote, coverNote].filter(Boolean).join(' ');
    return verdict({
      kind,
      signer: signer.info,
      signedAt: ses.signedAt,
      digestAlgorithm,
      covers,
      digest: digestOk ? 'match' : 'mismatch',
      signatureVerified: verified,
      sellerTaxId,
      what,
      evidence: { certificates: [Buffer.from(ses.cert).toString('base64')], detached: null },
      ...(note ? { note } : {}),
    });
  }
  // A digital signature (Type="Sign"): a PKCS#7 signature of Signature.xml.
  let cms;
  try {
    cms = await checkCms(value, [signedInfo]);
  } catch (err) {
    return malformed(kind, `The seal's signed value is neither an SES seal nor a PKCS#7 signature (${err instanceof Error ? err.message : String(err)}).`);
  }
  const note = [changed.length ? `Changed after signing: ${changed.slice(0, 5).join(', ')}.` : '', coverNote ?? ''].filter(Boolean).join(' ');
  return verdict({
    kind: 'ofd-pkcs7',
    signer: cms.signer?.info ?? null,
    signedAt: cms.signedAt,
    digestAlgorithm: cms.digestAlgorithm,
    covers,
    digest: changed.length ? 'mismatch' : cms.digest,
    signatureVerified: cms.signatureVerified,
    sellerTaxId,
    what,
    evidence: { certificates: cms.certificates.map((c) => Buffer.from(c).toString('base64')), detached: null },
    ...(note ? { note } : {}),
  });
}

/** The seals and signatures of an OFD, as listed by OFD.xml → Signatures.xml, with the parts each covers. */
export async function checkOfdSignatures(pkg: OfdPackage, sellerTaxId: string | null): Promise<OfdSeal[]> {
  const ofd = pkg.readOptionalXml('OFD.xml');
  const body = child(ofd ?? undefined, 'DocBody');
  const listLoc = textAt(body, 'Signatures')?.trim();
  const listPath = listLoc ? resolveLoc('', listLoc) : null;
  if (!listPath) return [];
  const list = pkg.readOptionalXml(listPath);
  if (!list) return [{ signature: malformed('ofd-ses', `The OFD names a signature list ${listLoc} that is missing or unreadable.`), sealedParts: new Set() }];
  const out: OfdSeal[] = [];
  for (const entry of childrenNamed(list, 'Signature').slice(0, MAX_SIGNATURES)) {
    const path = resolveLoc(folderOf(listPath), entry.attrs['BaseLoc'] ?? '');
    const sealedParts = new Set<string>();
    const signature = path ? await checkOne(pkg, listPath, path, sellerTaxId, sealedParts) : malformed('ofd-ses', 'A signature entry has no location.');
    out.push({ signature, sealedParts });
  }
  return out;
}
