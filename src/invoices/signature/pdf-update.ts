import { inflateSync } from 'node:zlib';
import { objectText } from './pdf-objects.js';

/**
 * Whether an incremental update appended after a PDF's signed revision leaves its pages as signed: it
 * only adds annotations (a page's /Annots, new annotation and appearance objects), the catalog's
 * /AcroForm, document information (/Info) and the cross-reference data that locates them. Such an update
 * cannot change the text the invoice is read from, so the signed revision need not be parsed again (a
 * second full parse, as much as the first). Anything else — a changed content stream, font or resource,
 * an object this reader cannot classify — answers false and the revision is compared field by field.
 */
const MAX_UPDATE_BYTES = 256 * 1024;
const MAX_OBJECTS = 64;

interface Defined {
  num: number;
  body: string;
}

/** Objects packed in an object stream of the update. */
function packed(body: string, raw: string): Defined[] | null {
  const n = Number(/\/N\s+(\d+)/u.exec(body)?.[1] ?? NaN);
  const first = Number(/\/First\s+(\d+)/u.exec(body)?.[1] ?? NaN);
  const start = /stream\r?\n/u.exec(raw);
  if (!Number.isFinite(n) || !Number.isFinite(first) || !start || !/FlateDecode/u.test(body)) return null;
  let inflated: string;
  try {
    const end = raw.lastIndexOf('endstream');
    inflated = inflateSync(Buffer.from(raw.slice(start.index + start[0].length, end < 0 ? raw.length : end), 'latin1'), { maxOutputLength: MAX_UPDATE_BYTES }).toString('latin1');
  } catch {
    return null;
  }
  const header = inflated.slice(0, first).trim().split(/\s+/u).map(Number);
  const out: Defined[] = [];
  for (let i = 0; i + 1 < header.length && i < 2 * n; i += 2) {
    const from = first + header[i + 1]!;
    const to = i + 3 < header.length ? first + header[i + 3]! : inflated.length;
    out.push({ num: header[i]!, body: inflated.slice(from, to) });
  }
  return out;
}

/** The objects the update defines, unpacking object streams; null when it cannot be read with certainty. */
function definedIn(update: string): Defined[] | null {
  const out: Defined[] = [];
  for (const m of update.matchAll(/(?<![0-9])(\d+)\s+\d+\s+obj\b/gu)) {
    const end = update.indexOf('endobj', m.index);
    if (end < 0) return null;
    const raw = update.slice(m.index + m[0].length, end);
    const body = raw.split(/stream\r?\n/u)[0]!;
    if (/\/Type\s*\/XRef\b/u.test(body)) continue;
    if (/\/Type\s*\/ObjStm\b/u.test(body)) {
      const inner = packed(body, raw);
      if (!inner) return null;
      out.push(...inner);
    } else out.push({ num: Number(m[1]), body: raw });
    if (out.length > MAX_OBJECTS) return null;
  }
  return out;
}

/** A dictionary without the entries an annotating update may change, white space normalised. */
const withoutAnnotations = (dict: string): string =>
  dict
    .replace(/\/(Annots|AcroForm)\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/gu, '')
    .replace(/\s+/gu, ' ')
    .replace(/\s*([[\]<>/()])\s*/gu, '$1')
    .trim();

// New objects an annotating update adds: annotations and form fields, their appearance streams, signatures.
const ANNOTATION_LIKE = /\/Type\s*\/(Annot|Sig)\b|\/Subtype\s*\/(Widget|Form)\b|\/FT\s*\/Sig\b/u;

export function onlyAnnotates(text: string, signedEnd: number): boolean {
  const update = text.slice(signedEnd);
  if (update.length > MAX_UPDATE_BYTES || signedEnd <= 0) return false;
  const objects = definedIn(update);
  if (!objects || objects.length === 0) return false;
  const signed = text.slice(0, signedEnd);
  const info = Number(/\/Info\s+(\d+)\s+\d+\s+R/u.exec(update)?.[1] ?? NaN);
  return objects.every(({ num, body }) => {
    if (num === info) return true;
    const before = objectText(signed, num);
    if (before === null) return ANNOTATION_LIKE.test(body) && !/\/Type\s*\/(Page|Pages|Font)\b/u.test(body);
    // A redefined object may differ only in its annotations and form.
    return withoutAnnotations(before) === withoutAnnotations(body);
  });
}
