/**
 * Text PostgreSQL can store. Its text and json types hold neither U+0000 nor half of a surrogate pair: a
 * value carrying either fails the whole statement (22021, 22P05, 22P02). Text read out of an uploaded file
 * can carry both (a NUL byte in an XML element, a character reference such as &#xD800;, an odd PDF font),
 * and such a file must still end as a parsed or failed invoice, not as a write that fails on every retry.
 * Each is replaced by U+FFFD, the character Unicode keeps for text that could not be read.
 */
// With the u flag a surrogate pair is one code point, so a surrogate range matches only halves left alone.
const UNSTORABLE = /\u0000|[\uD800-\uDFFF]/gu;

const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source, 'u');

export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/** True when `text` holds a character PostgreSQL's text cannot store, for input refused rather than mended. */
export function hasUnstorableText(text: string): boolean {
  return HAS_UNSTORABLE.test(text);
}

/**
 * `value` with every string in it storable (storableText), keys included; arrays and plain objects are
 * copied only where something changed, and anything else (numbers, byte arrays) is kept as it is.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item: unknown, i) => {
      const fixed = storable(item);
      if (fixed !== item) (copy ??= [...value])[i] = fixed;
    });
    return (copy ?? value) as T;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    let changed = false;
    const entries = Object.entries(value).map(([k, v]) => {
      const key = storableText(k);
      const fixed = storable(v);
      if (key !== k || fixed !== v) changed = true;
      return [key, fixed] as const;
    });
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
