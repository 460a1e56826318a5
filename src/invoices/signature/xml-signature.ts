import { parseXmlSafely } from '../common/index.js';
import { checkCms } from './cms.js';
import { malformed, type OneSignature } from './types.js';
import { verdict } from './verdict.js';

/**
 * The tax bureau's signature of a 数电 XML invoice:
 *
 *   <TaxBureauSignature>
 *     <Reference URI="/Einvoice/Header|/Einvoice/EinvoiceData|…|/Einvoice/TaxBureauSignature/SignatureTime"/>
 *     <SignatureAlgorithm>1.2.156.10197.1.501</SignatureAlgorithm>  (SM2)
 *     <SignatureFormat>DETACH</SignatureFormat>
 *     <SignatureValue>hex of a detached SM2 PKCS#7 SignedData &amp; base64 of the signing time</SignatureValue>
 *
 * The PKCS#7 carries the tax authority's issuer and serial number but not its certificate, so the
 * signature itself can only be verified with that certificate held as a trust anchor. The signed
 * digest (messageDigest) is over the referenced parts in a serialisation the bureau does not publish:
 * the candidates below are tried (the parts as stored, white space between tags removed), and when
 * none reproduces it the result says so instead of guessing.
 */
const MAX_SIGNATURE_CHARS = 256 * 1024;

/** The outer XML of the first element named `name` inside `within` (tags matched as written). */
function elementText(within: string, name: string): string | null {
  const open = new RegExp(`<${name}(\\s[^>]*)?>`, 'u').exec(within);
  if (!open) return new RegExp(`<${name}(\\s[^>]*)?/>`, 'u').exec(within)?.[0] ?? null;
  const close = within.indexOf(`</${name}>`, open.index);
  return close < 0 ? null : within.slice(open.index, close + name.length + 3);
}

/** A referenced path's element, matching names case-insensitively (the bureau writes /Einvoice/EinvoiceData). */
function referencedPart(text: string, path: string): string | null {
  const names = path.split('/').filter(Boolean);
  let scope: string | null = text;
  for (const name of names.slice(1)) {
    if (scope === null) return null;
    const actual: string | undefined = new RegExp(`<(${name})[\\s>/]`, 'iu').exec(scope)?.[1];
    scope = actual ? elementText(scope, actual) : null;
  }
  return scope;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The byte strings the bureau may have hashed: the parts as stored, and with the white space between tags removed. */
function candidates(parts: string[]): Uint8Array[] {
  const compact = parts.map((p) => p.replace(/>\s+</gu, '><').trim());
  return [parts.join(''), compact.join(''), parts.join('\n')].map(utf8);
}

export async function checkXmlSignature(text: string, sellerTaxId: string | null): Promise<OneSignature[]> {
  const block = elementText(text, 'TaxBureauSignature');
  if (!block) return [];
  const kind = 'xml-tax-bureau' as const;
  const raw = /<SignatureValue>([\s\S]*?)<\/SignatureValue>/u.exec(block)?.[1]?.trim() ?? '';
  if (raw === '') return [malformed(kind, 'The <TaxBureauSignature> has no signature value.')];
  if (raw.length > MAX_SIGNATURE_CHARS) return [malformed(kind, `The signature value is ${raw.length} characters long, more than any invoice signature.`)];
  const hex = raw.split('&')[0]!.trim();
  if (!/^([0-9A-Fa-f]{2})+$/u.test(hex)) return [malformed(kind, 'The signature value is not hexadecimal.')];
  const uri = /<Reference\s+URI="([^"]*)"/u.exec(block)?.[1] ?? '';
  const paths = uri.split('|').map((p) => p.trim()).filter(Boolean).slice(0, 16);
  const parts = paths.map((p) => referencedPart(text, p));
  const missing = paths.filter((_, i) => parts[i] === null);
  if (paths.length === 0 || missing.length > 0) {
    return [malformed(kind, paths.length === 0 ? 'The signature names no referenced parts.' : `Referenced parts are missing: ${missing.join(', ')}.`)];
  }
  const signedTime = /<SignatureTime>([^<]*)<\/SignatureTime>/u.exec(block)?.[1]?.trim() ?? null;
  let cms;
  try {
    cms = await checkCms(Uint8Array.from(Buffer.from(hex, 'hex')), candidates(parts as string[]));
  } catch (err) {
    return [malformed(kind, `The signature value is not a readable PKCS#7 signature (${err instanceof Error ? err.message : String(err)}).`)];
  }
  // Whole file when every section of the root is referenced (the signature's own block aside).
  const referenced = new Set(paths.map((p) => p.split('/').filter(Boolean)[1]?.toLowerCase()));
  const sections = parseXmlSafely(text, 'the XML file', { maxDepth: 32 }).children.map((c) => c.name.toLowerCase());
  const covers = sections.every((n) => n === 'taxbureausignature' || referenced.has(n)) ? 'whole-file' : 'partial';
  const digest = cms.digest === 'mismatch' ? 'not-reproducible' : cms.digest;
  const who = cms.sid.issuer ? `Signed by the certificate ${cms.sid.serialNumber} of ${cms.sid.issuer}.` : '';
  const signedAt = cms.signedAt ?? (signedTime ? new Date(`${signedTime.replace(' ', 'T')}+08:00`).toISOString() : null);
  return [
    verdict({
      kind,
      signer: cms.signer?.info ?? null,
      signedAt: signedAt && !Number.isNaN(Date.parse(signedAt)) ? signedAt : null,
      digestAlgorithm: cms.digestAlgorithm,
      covers,
      // The stored parts need not be the bytes the bureau hashed: a digest that no candidate reproduces
      // says nothing either way, so it is reported as not reproducible rather than as a change.
      digest,
      signatureVerified: cms.signatureVerified,
      sellerTaxId,
      what: `the referenced parts (${paths.join(' | ')})`,
      evidence: {
        certificates: cms.certificates.map((c) => Buffer.from(c).toString('base64')),
        detached: cms.signedData
          ? {
              issuer: cms.sid.issuer,
              serialNumber: cms.sid.serialNumber,
              signedData: Buffer.from(cms.signedData).toString('base64'),
              signature: Buffer.from(cms.signature).toString('base64'),
              algorithm: cms.signatureOid,
              digestMatched: cms.digest === 'match',
            }
          : null,
      },
      ...(who ? { note: who } : {}),
    }),
  ];
}
