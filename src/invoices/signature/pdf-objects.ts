import { inflateSync } from 'node:zlib';

/**
 * Just enough of the PDF object syntax to read a signature: string values (literal and hex) and the
 * indirect objects a signature dictionary points at, whether plain (`n g obj`) or packed into a
 * compressed object stream. pdf.js reads the page text but does not expose raw objects.
 */

/** Largest object stream inflated while looking for an object. */
const MAX_OBJSTM_BYTES = 4 * 1024 * 1024;
/** Object streams searched at most; real files have a handful. */
const MAX_OBJSTMS = 64;

const WHITE = /[\0\t\n\f\r ]/u;

/** Reads a literal `( … )` string at `pos` (escapes and nested parentheses), returning its bytes. */
export function literalString(text: string, pos: number): { bytes: Uint8Array; end: number } | null {
  if (text[pos] !== '(') return null;
  const out: number[] = [];
  let depth = 1;
  let i = pos + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (next in simple) {
        out.push(simple[next]!);
        i += 2;
      } else if (/[0-7]/u.test(next)) {
        const oct = /^[0-7]{1,3}/u.exec(text.slice(i + 1, i + 4))![0];
        out.push(parseInt(oct, 8) & 0xff);
        i += 1 + oct.length;
      } else if (next === '\r' || next === '\n') {
        i += next === '\r' && text[i + 2] === '\n' ? 3 : 2;
      } else {
        i += 1;
      }
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')' && --depth === 0) return { bytes: Uint8Array.from(out), end: i + 1 };
    out.push(ch.charCodeAt(0) & 0xff);
    i++;
  }
  return null;
}

/** Reads a hex `< … >` string at `pos`. */
export function hexString(text: string, pos: number): { bytes: Uint8Array; end: number } | null {
  if (text[pos] !== '<' || text[pos + 1] === '<') return null;
  const close = text.indexOf('>', pos);
  if (close < 0) return null;
  let hex = text.slice(pos + 1, close).replace(/\s+/gu, '');
  if (!/^[0-9A-Fa-f]*$/u.test(hex)) return null;
  if (hex.length % 2) hex += '0';
  return { bytes: Uint8Array.from(Buffer.from(hex, 'hex')), end: close + 1 };
}

/** A string value at `pos` (after white space), literal or hex. */
export function stringAt(text: string, pos: number): Uint8Array | null {
  let i = pos;
  while (i < text.length && WHITE.test(text[i]!)) i++;
  return (literalString(text, i) ?? hexString(text, i))?.bytes ?? null;
}

export type PdfValue = { ref: [number, number] } | { string: Uint8Array } | { array: PdfValue[] };

/** The value of `/Key` inside `dict` text: a string, an indirect reference, or an array of those. */
export function dictValue(dict: string, key: string): PdfValue | null {
  const m = new RegExp(`/${key}(?![A-Za-z0-9])\\s*`, 'u').exec(dict);
  if (!m) return null;
  return valueAt(dict, m.index + m[0].length);
}

function valueAt(text: string, pos: number): PdfValue | null {
  const ref = /^(\d+)\s+(\d+)\s+R/u.exec(text.slice(pos, pos + 24));
  if (ref) return { ref: [Number(ref[1]), Number(ref[2])] };
  if (text[pos] === '[') {
    const items: PdfValue[] = [];
    let i = pos + 1;
    while (i < text.length && text[i] !== ']' && items.length < 32) {
      if (WHITE.test(text[i]!)) {
        i++;
        continue;
      }
      const r = /^(\d+)\s+(\d+)\s+R/u.exec(text.slice(i, i + 24));
      if (r) {
        items.push({ ref: [Number(r[1]), Number(r[2])] });
        i += r[0].length;
        continue;
      }
      const s = literalString(text, i) ?? hexString(text, i);
      if (!s) break;
      items.push({ string: s.bytes });
      i = s.end;
    }
    return { array: items };
  }
  const s = stringAt(text, pos);
  return s ? { string: s } : null;
}

/** The text of indirect object `num` (its last definition wins, as after incremental updates). */
export function objectText(text: string, num: number): string | null {
  const re = new RegExp(`(?<![0-9])${num}\\s+\\d+\\s+obj\\b`, 'gu');
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (last) {
    const start = last.index + last[0].length;
    const end = text.indexOf('endobj', start);
    return text.slice(start, end < 0 ? Math.min(text.length, start + 256 * 1024) : end);
  }
  return objectInStreams(text, num);
}

/** Looks for object `num` inside the file's compressed object streams (PDF 1.5). */
function objectInStreams(text: string, num: number): string | null {
  const re = /<<((?:(?!>>)[\s\S]){0,400}?\/Type\s*\/ObjStm[\s\S]{0,400}?)>>\s*stream\r?\n/gu;
  let found: string | null = null;
  let seen = 0;
  for (let m = re.exec(text); m && seen < MAX_OBJSTMS; m = re.exec(text), seen++) {
    const dict = m[1]!;
    const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/u.exec(dict)?.[1] ?? NaN);
    const n = Number(/\/N\s+(\d+)/u.exec(dict)?.[1] ?? NaN);
    const first = Number(/\/First\s+(\d+)/u.exec(dict)?.[1] ?? NaN);
    if (![length, n, first].every(Number.isFinite) || !/FlateDecode/u.test(dict)) continue;
    const start = m.index + m[0].length;
    let inflated: string;
    try {
      inflated = inflateSync(Buffer.from(text.slice(start, start + length), 'latin1'), { maxOutputLength: MAX_OBJSTM_BYTES }).toString('latin1');
    } catch {
      continue;
    }
    const header = inflated.slice(0, first).trim().split(/\s+/u).map(Number);
    for (let i = 0; i + 1 < header.length && i < 2 * n; i += 2) {
      if (header[i] !== num) continue;
      const from = first + header[i + 1]!;
      const to = i + 3 < header.length ? first + header[i + 3]! : inflated.length;
      found = inflated.slice(from, to);
    }
  }
  return found;
}

/** The strings a value names, following indirect references one level (as /Cert arrays use them). */
export function resolveStrings(text: string, value: PdfValue | null): Uint8Array[] {
  if (!value) return [];
  if ('string' in value) return [value.string];
  if ('ref' in value) {
    const obj = objectText(text, value.ref[0]);
    const s = obj === null ? null : stringAt(obj, 0);
    return s ? [s] : [];
  }
  return value.array.flatMap((v) => ('array' in v ? [] : resolveStrings(text, v)));
}
