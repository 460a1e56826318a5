import { webcrypto } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Test certificates made at run time (RSA, signed with WebCrypto through pkijs): an issuing authority,
 * certificates it issues, and look-alikes that copy its name without its key. No key is stored anywhere.
 */
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }));

export interface TestCert {
  der: Uint8Array;
  pem: string;
  keys: CryptoKeyPair;
}

const ATTRS: Record<string, string> = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' };

function name(target: pkijs.RelativeDistinguishedNames, parts: [keyof typeof ATTRS, string][]): void {
  for (const [k, v] of parts) {
    target.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: ATTRS[k]!, value: k === 'C' ? new asn1js.PrintableString({ value: v }) : new asn1js.Utf8String({ value: v }) }));
  }
}

export async function makeCert(opts: {
  subject: [keyof typeof ATTRS, string][];
  serial: number;
  /** The issuer's name and key; the certificate is self-signed without one. */
  issuer?: { subject: [keyof typeof ATTRS, string][]; keys: CryptoKeyPair };
  ca?: boolean;
}): Promise<TestCert> {
  const keys = (await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: opts.serial });
  name(cert.subject, opts.subject);
  name(cert.issuer, opts.issuer?.subject ?? opts.subject);
  cert.notBefore.value = new Date('2020-01-01T00:00:00Z');
  cert.notAfter.value = new Date('2040-01-01T00:00:00Z');
  if (opts.ca) {
    cert.extensions = [new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false), parsedValue: new pkijs.BasicConstraints({ cA: true }) })];
  }
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign((opts.issuer?.keys ?? keys).privateKey, 'SHA-256');
  const der = new Uint8Array(cert.toSchema(true).toBER(false));
  const b64 = Buffer.from(der).toString('base64');
  return { der, keys, pem: `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/gu)!.join('\n')}\n-----END CERTIFICATE-----\n` };
}

/** An RSA-SHA256 signature by `keys` (what a signer holding the certificate would produce). */
export async function rsaSign(keys: CryptoKeyPair, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, data));
}
