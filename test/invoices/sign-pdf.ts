import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { TestCert } from '../trust/make-cert.js';

/**
 * Signs a PDF the way legacy e-invoice issuers do (adbe.pkcs7.detached, a CMS SignedData with the
 * signer's certificate over the file without its /Contents value), with a test certificate made at
 * run time. The signature dictionary is written before the cross-reference table; the file still
 * opens, and the signature covers every byte but its own value.
 */
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }));

/** Room reserved for the signature value, in bytes (written as twice as many hex digits). */
const RESERVED = 8192;

/** The CMS SignedData of `content` by `signer`, with contentType, messageDigest and signingTime signed. */
export async function cmsDetached(content: Uint8Array, signer: TestCert): Promise<Uint8Array> {
  const cert = pkijs.Certificate.fromBER(signer.der);
  const digest = createHash('sha256').update(content).digest();
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: new Date('2025-07-22T02:30:00Z') })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [cert],
  });
  await signed.sign(signer.keys.privateKey, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

/**
 * `pdf` with a signature dictionary whose /Contents is `value(signedBytes)`: the real CMS by default,
 * or whatever a hostile file would carry there. `reserve` is the hole's size in bytes.
 */
export async function signPdf(
  pdf: Uint8Array,
  value: (signed: Uint8Array) => Promise<Uint8Array> | Uint8Array,
  reserve = RESERVED,
): Promise<Uint8Array> {
  const text = Buffer.from(pdf).toString('latin1');
  const xref = text.lastIndexOf('\nxref\n') + 1;
  const startxref = /startxref\s+(\d+)/u.exec(text.slice(xref));
  if (xref <= 0 || !startxref) throw new Error('the PDF has no classic cross-reference table');
  const pad = (n: number) => String(n).padStart(10, '0');
  const head = `9990 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /M (D:20250722103000+08'00') /ByteRange [0 ${pad(0)} ${pad(0)} ${pad(0)}] /Contents <`;
  const tail = `> >>\nendobj\n`;
  const hole = '0'.repeat(2 * reserve);
  const before = text.slice(0, xref);
  const after = text.slice(xref);
  const b = before.length + head.length - 1; // the hole starts at its '<'
  const c = b + hole.length + 2;
  const shifted = after.replace(/startxref\s+\d+/u, `startxref\n${xref + head.length + hole.length + tail.length}`);
  // The startxref number can change length; the end is measured after the edit.
  const end = before.length + head.length + hole.length + tail.length + shifted.length;
  const range = `/ByteRange [0 ${pad(b)} ${pad(c)} ${pad(end - c)}]`;
  const dict = head.replace(/\/ByteRange \[[^\]]*\]/u, range);
  const assembled = Buffer.from(before + dict + hole + tail + shifted, 'latin1');
  if (assembled.length !== end) throw new Error('signature placement went wrong');
  const signed = Buffer.concat([assembled.subarray(0, b), assembled.subarray(c)]);
  const valueHex = Buffer.from(await value(new Uint8Array(signed))).toString('hex').toUpperCase();
  if (valueHex.length > hole.length) throw new Error(`the signature value (${valueHex.length / 2} bytes) does not fit the ${reserve} reserved`);
  assembled.write(valueHex, b + 1, 'latin1');
  return new Uint8Array(assembled);
}
