import * as asn1js from 'asn1js';

/**
 * The electronic-seal signature of an OFD (SignedValue.dat): GB/T 38540 SES_Signature (version 4) or
 * the earlier GM/T 0031 one (version 1). Only what verification needs is read: the signed structure
 * (TBS_Sign, as encoded), the signer certificate, the signature, the hash of Signature.xml it signs,
 * the signing time and the seal's name.
 *
 *   v4: SES_Signature ::= SEQUENCE { toSign TBS_Sign, cert OCTET STRING, signatureAlgID OID, signature BIT STRING, timeStamp [0] OPTIONAL }
 *       TBS_Sign ::= SEQUENCE { version, eseal SESeal, timeInfo GeneralizedTime, dataHash BIT STRING, propertyInfo IA5String, extDatas OPTIONAL }
 *   v1: SES_Signature ::= SEQUENCE { toSign TBS_Sign, signature BIT STRING }
 *       TBS_Sign ::= SEQUENCE { version, eseal SESeal, timeInfo BIT STRING, dataHash BIT STRING, propertyInfo IA5String, cert OCTET STRING, signatureAlgorithm OID }
 */
export interface SesSignature {
  version: 1 | 4;
  toSign: Uint8Array;
  cert: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  dataHash: Uint8Array;
  propertyInfo: string;
  signedAt: string | null;
  sealName: string | null;
}

const MAX_SES_BYTES = 1024 * 1024;

const sub = (block: asn1js.AsnType | undefined): asn1js.AsnType[] =>
  block instanceof asn1js.Constructed ? block.valueBlock.value : [];

const bytesOf = (block: asn1js.AsnType | undefined): Uint8Array | null => {
  if (block instanceof asn1js.OctetString) return block.valueBlock.valueHexView;
  if (block instanceof asn1js.BitString) return block.valueBlock.valueHexView;
  return null;
};

function encoded(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

function time(block: asn1js.AsnType | undefined): string | null {
  if (block instanceof asn1js.GeneralizedTime || block instanceof asn1js.UTCTime) {
    const d = block.toDate();
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  // v1 stores the time as the text of a GeneralizedTime inside a BIT STRING.
  const raw = bytesOf(block);
  const m = raw && /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/u.exec(Buffer.from(raw).toString('latin1'));
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`).toISOString() : null;
}

function sealName(eseal: asn1js.AsnType | undefined): string | null {
  // SESeal ::= SEQUENCE { esealInfo SEQUENCE { header, esID, property SEQUENCE { type, name UTF8String, … } … } … }
  const property = sub(sub(sub(eseal)[0])[2]);
  const name = property.find((b) => b instanceof asn1js.Utf8String);
  return name instanceof asn1js.Utf8String ? name.valueBlock.value : null;
}

/** Reads SignedValue.dat; throws when it is not an SES signature of either version. */
export function readSes(der: Uint8Array): SesSignature {
  if (der.length > MAX_SES_BYTES) throw new Error(`the seal signature is ${der.length} bytes`);
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new Error(parsed.result.error || 'not DER');
  const top = sub(parsed.result);
  const tbs = top[0];
  const fields = sub(tbs);
  if (!tbs || fields.length < 5) throw new Error('no TBS_Sign');
  const version = fields[0] instanceof asn1js.Integer ? fields[0].valueBlock.valueDec : -1;
  const propertyInfo = fields[4] instanceof asn1js.IA5String ? fields[4].valueBlock.value : '';
  const dataHash = bytesOf(fields[3]);
  if (!dataHash) throw new Error('no dataHash');
  if (top.length >= 4 && top[1] instanceof asn1js.OctetString) {
    const oid = top[2] instanceof asn1js.ObjectIdentifier ? top[2].valueBlock.toString() : '';
    const signature = bytesOf(top[3]);
    if (!signature) throw new Error('no signature');
    return { version: 4, toSign: encoded(tbs), cert: top[1].valueBlock.valueHexView, signatureAlgorithm: oid, signature, dataHash, propertyInfo, signedAt: time(fields[2]), sealName: sealName(fields[1]) };
  }
  if (top.length >= 2 && fields.length >= 7 && fields[5] instanceof asn1js.OctetString) {
    const oid = fields[6] instanceof asn1js.ObjectIdentifier ? fields[6].valueBlock.toString() : '';
    const signature = bytesOf(top[1]);
    if (!signature) throw new Error('no signature');
    return { version: 1, toSign: encoded(tbs), cert: fields[5].valueBlock.valueHexView, signatureAlgorithm: oid, signature, dataHash, propertyInfo, signedAt: time(fields[2]), sealName: sealName(fields[1]) };
  }
  throw new Error(`an SES signature of version ${version} with an unknown layout`);
}
