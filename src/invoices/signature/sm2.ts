import { createHash } from 'node:crypto';
import { weierstrassN } from '@noble/curves/abstract/weierstrass.js';

/**
 * SM2 signature verification (GB/T 32918.2, GM/T 0003) with SM3. Node's OpenSSL has the SM2 curve and
 * SM3, but `crypto.verify` cannot set the signer's distinguishing identifier, and without it OpenSSL
 * hashes an empty one: every real signature (made with the standard default ID 1234567812345678)
 * fails there. So the scheme itself is done here: Z and e with Node's SM3, the curve arithmetic with
 * @noble/curves.
 */
const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  h: 1n,
};
const Point = weierstrassN(CURVE);

/** The default distinguishing identifier of GM/T 0009. */
export const SM2_DEFAULT_ID = new TextEncoder().encode('1234567812345678');

const hex32 = (v: bigint) => v.toString(16).padStart(64, '0');

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** r and s of a DER `SEQUENCE { INTEGER r, INTEGER s }`, or of a raw 64-byte r‖s; null when neither. */
export function sm2SignatureValues(sig: Uint8Array): { r: bigint; s: bigint } | null {
  if (sig.length === 64) return { r: toBigInt(sig.subarray(0, 32)), s: toBigInt(sig.subarray(32)) };
  if (sig[0] !== 0x30 || sig.length < 8 || sig.length > 80) return null;
  let i = sig[1]! & 0x80 ? 2 + (sig[1]! & 0x7f) : 2;
  const int = (): bigint | null => {
    if (sig[i] !== 0x02) return null;
    const len = sig[i + 1]!;
    if (len > 33 || i + 2 + len > sig.length) return null;
    const v = toBigInt(sig.subarray(i + 2, i + 2 + len));
    i += 2 + len;
    return v;
  };
  const r = int();
  const s = int();
  return r === null || s === null ? null : { r, s };
}

/**
 * Verifies an SM2-with-SM3 signature of `message` by the public key `point` (uncompressed 04‖x‖y).
 * Never throws: a malformed key or signature is simply not a valid signature.
 */
export function sm2Verify(point: Uint8Array, message: Uint8Array, signature: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): boolean {
  try {
    const values = sm2SignatureValues(signature);
    if (!values) return false;
    const { r, s } = values;
    const n = CURVE.n;
    if (r < 1n || r >= n || s < 1n || s >= n) return false;
    const Q = Point.fromHex(Buffer.from(point).toString('hex'));
    Q.assertValidity();
    const { x: qx, y: qy } = Q.toAffine();
    const entl = id.length * 8;
    const z = createHash('sm3')
      .update(Uint8Array.of((entl >> 8) & 0xff, entl & 0xff))
      .update(id)
      .update(Buffer.from(hex32(CURVE.a) + hex32(CURVE.b) + hex32(CURVE.Gx) + hex32(CURVE.Gy) + hex32(qx) + hex32(qy), 'hex'))
      .digest();
    const e = toBigInt(createHash('sm3').update(z).update(message).digest());
    const t = (r + s) % n;
    if (t === 0n) return false;
    // Public values only: the faster variable-time multiplication is fine for verification.
    const sum = Point.BASE.multiplyUnsafe(s).add(Q.multiplyUnsafe(t));
    if (sum.is0()) return false;
    return (e + sum.toAffine().x) % n === r;
  } catch {
    return false;
  }
}
