import { Inflate } from 'fflate';
import { InvoiceParseError } from '../fields.js';

/**
 * A read-only view of a zip archive built for hostile input: the central directory is read
 * and checked (entry count, names, declared sizes) before anything is inflated, entries are
 * inflated only on request and in small steps so actual output is bounded even when the
 * declared sizes lie (zip bombs). Nothing is ever written to disk.
 */
export interface ZipLimits {
  maxEntries: number;
  /** Largest uncompressed size of one entry, declared or actual. */
  maxEntryBytes: number;
  /** Largest sum of declared uncompressed sizes, and of bytes actually inflated. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 4000,
  maxEntryBytes: 32 * 1024 * 1024,
  maxTotalBytes: 96 * 1024 * 1024,
};

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
/** Compressed bytes handed to the inflater per step: deflate expands at most ~1032×. */
const INFLATE_STEP = 4096;

const fail = (code: string, message: string): never => {
  throw new InvoiceParseError(code, message);
};

/** Rejects names that could escape an extraction folder; backslashes count as separators. */
export function checkEntryName(raw: string): string {
  const name = raw.replace(/\\/gu, '/');
  if (name.startsWith('/') || /^[A-Za-z]:/u.test(name) || name.includes('\0')) {
    fail('OFD_UNSAFE_PATH', `the OFD contains an entry with an absolute path: ${JSON.stringify(raw)}`);
  }
  if (name.split('/').some((seg) => seg === '..')) {
    fail('OFD_UNSAFE_PATH', `the OFD contains an entry whose path leaves the package: ${JSON.stringify(raw)}`);
  }
  return name;
}

export class ZipArchive {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly lowerCase = new Map<string, string>();
  private inflatedTotal = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  ) {
    this.readDirectory();
  }

  /** Entry names as stored (backslashes turned into slashes). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Exact name first, then a case-insensitive match (some producers vary the case of folders). */
  resolve(name: string): string | undefined {
    const clean = name.replace(/\\/gu, '/').replace(/^\/+/u, '');
    if (this.entries.has(clean)) return clean;
    return this.lowerCase.get(clean.toLowerCase());
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  /** Inflates one entry, enforcing the limits on the bytes actually produced. */
  read(name: string): Uint8Array {
    const resolved = this.resolve(name);
    const entry = resolved === undefined ? undefined : this.entries.get(resolved);
    if (!entry) return fail('OFD_MISSING_PART', `the OFD has no part ${JSON.stringify(name)}`);
    const data = this.entryData(entry);
    if (entry.method === 0) {
      this.account(entry, data.length, data.length);
      return data;
    }
    return this.inflate(entry, data);
  }

  private readDirectory(): void {
    const b = this.bytes;
    const eocd = this.findEndOfDirectory();
    const count = u16(b, eocd + 10);
    const dirSize = u32(b, eocd + 12);
    const dirOffset = u32(b, eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) {
      fail('OFD_ZIP_UNSUPPORTED', 'the OFD is a ZIP64 archive, which invoices never need');
    }
    if (count > this.limits.maxEntries) {
      fail('OFD_TOO_MANY_ENTRIES', `the OFD has ${count} entries (limit ${this.limits.maxEntries})`);
    }
    if (dirOffset + dirSize > b.length) fail('OFD_CORRUPT', 'the OFD zip directory lies outside the file');
    let declaredTotal = 0;
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > b.length || u32(b, p) !== CEN_SIG) fail('OFD_CORRUPT', 'the OFD zip directory is damaged');
      const flags = u16(b, p + 8);
      const method = u16(b, p + 10);
      const compressedSize = u32(b, p + 20);
      const declaredSize = u32(b, p + 24);
      const nameLen = u16(b, p + 28);
      const extraLen = u16(b, p + 30);
      const commentLen = u16(b, p + 32);
      const localHeaderOffset = u32(b, p + 42);
      if (p + 46 + nameLen > b.length) fail('OFD_CORRUPT', 'the OFD zip directory is truncated');
      const rawName = new TextDecoder(flags & 0x800 ? 'utf-8' : 'gb18030').decode(b.subarray(p + 46, p + 46 + nameLen));
      p += 46 + nameLen + extraLen + commentLen;
      const name = checkEntryName(rawName);
      if (name.endsWith('/')) continue;
      if (flags & 0x1) fail('OFD_ZIP_UNSUPPORTED', `the OFD entry ${JSON.stringify(name)} is encrypted`);
      if (method !== 0 && method !== 8) {
        fail('OFD_ZIP_UNSUPPORTED', `the OFD entry ${JSON.stringify(name)} uses compression method ${method}`);
      }
      if (declaredSize > this.limits.maxEntryBytes) {
        fail('OFD_TOO_LARGE', `the OFD entry ${JSON.stringify(name)} declares ${declaredSize} bytes uncompressed`);
      }
      declaredTotal += declaredSize;
      if (declaredTotal > this.limits.maxTotalBytes) {
        fail('OFD_TOO_LARGE', `the OFD declares more than ${this.limits.maxTotalBytes} bytes uncompressed`);
      }
      if (this.entries.has(name)) fail('OFD_CORRUPT', `the OFD has two entries named ${JSON.stringify(name)}`);
      this.entries.set(name, { name, method, compressedSize, declaredSize, localHeaderOffset });
      this.lowerCase.set(name.toLowerCase(), name);
    }
  }

  private findEndOfDirectory(): number {
    const b = this.bytes;
    const stop = Math.max(0, b.length - 22 - 0xffff);
    for (let i = b.length - 22; i >= stop; i--) {
      if (u32(b, i) === EOCD_SIG) return i;
    }
    return fail('OFD_CORRUPT', 'the OFD is not a complete zip archive (no end of central directory)');
  }

  private entryData(entry: ZipEntry): Uint8Array {
    const b = this.bytes;
    const p = entry.localHeaderOffset;
    if (p + 30 > b.length || u32(b, p) !== LOC_SIG) {
      fail('OFD_CORRUPT', `the OFD entry ${JSON.stringify(entry.name)} has no local header`);
    }
    const start = p + 30 + u16(b, p + 26) + u16(b, p + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) fail('OFD_CORRUPT', `the OFD entry ${JSON.stringify(entry.name)} is truncated`);
    return b.subarray(start, end);
  }

  private account(entry: ZipEntry, produced: number, entryTotal: number): void {
    if (entryTotal > entry.declaredSize || entryTotal > this.limits.maxEntryBytes) {
      fail(
        'OFD_TOO_LARGE',
        `the OFD entry ${JSON.stringify(entry.name)} inflates beyond its declared size of ${entry.declaredSize} bytes`,
      );
    }
    this.inflatedTotal += produced;
    if (this.inflatedTotal > this.limits.maxTotalBytes) {
      fail('OFD_TOO_LARGE', `the OFD inflates to more than ${this.limits.maxTotalBytes} bytes`);
    }
  }

  private inflate(entry: ZipEntry, data: Uint8Array): Uint8Array {
    const out = new Uint8Array(entry.declaredSize);
    let written = 0;
    const inflater = new Inflate((chunk) => {
      this.account(entry, chunk.length, written + chunk.length);
      out.set(chunk, written);
      written += chunk.length;
    });
    try {
      for (let i = 0; i < data.length; i += INFLATE_STEP) {
        const end = Math.min(data.length, i + INFLATE_STEP);
        inflater.push(data.subarray(i, end), end === data.length);
      }
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof InvoiceParseError) throw err;
      fail('OFD_CORRUPT', `the OFD entry ${JSON.stringify(entry.name)} cannot be inflated`);
    }
    if (written !== entry.declaredSize) {
      fail('OFD_CORRUPT', `the OFD entry ${JSON.stringify(entry.name)} is shorter than declared`);
    }
    return out;
  }
}

function u16(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p] ?? 0) | ((b[p + 1] ?? 0) << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;
}
