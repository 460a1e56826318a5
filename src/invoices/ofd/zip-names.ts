/**
 * Cheap, tolerant look at a zip's entry names for format detection only: no limits are
 * enforced here because nothing is inflated; the OFD parser validates the archive properly.
 */
const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const MAX_NAMES = 10_000;

const u16 = (b: Uint8Array, p: number) => (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, p: number) =>
  ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;

function* centralNames(b: Uint8Array): Generator<string> {
  const stop = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= stop; i--) {
    if (u32(b, i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return;
  let p = u32(b, eocd + 16);
  const count = Math.min(u16(b, eocd + 10), MAX_NAMES);
  const latin1 = new TextDecoder('latin1');
  for (let i = 0; i < count && p + 46 <= b.length && u32(b, p) === CEN_SIG; i++) {
    const nameLen = u16(b, p + 28);
    yield latin1.decode(b.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + u16(b, p + 30) + u16(b, p + 32);
  }
}

function firstLocalName(b: Uint8Array): string | null {
  if (u32(b, 0) !== LOC_SIG || b.length < 30) return null;
  return new TextDecoder('latin1').decode(b.subarray(30, 30 + u16(b, 26)));
}

/** Whether the zip names an entry (case-insensitive, backslashes as slashes, leading slash ignored). */
export function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  const want = name.toLowerCase();
  const matches = (n: string) => n.replace(/\\/gu, '/').replace(/^\/+/u, '').toLowerCase() === want;
  const first = firstLocalName(bytes);
  if (first !== null && matches(first)) return true;
  for (const n of centralNames(bytes)) if (matches(n)) return true;
  return false;
}
