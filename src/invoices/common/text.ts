/**
 * Text normalisation shared by every invoice format. Invoices mix full-width and half-width
 * punctuation and sometimes carry compatibility characters (Kangxi radicals such as ⽇ for 日),
 * so everything is compared and emitted after NFKC.
 */

/** NFKC, every run of white space (including U+3000 and NBSP) folded to one space, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Like normalizeText but returns null for text that is empty once normalised. */
export function normalizeOrNull(text: string | null | undefined): string | null {
  if (text == null) return null;
  const out = normalizeText(text);
  return out === '' ? null : out;
}

/** NFKC with all white space removed: for labels such as '名        称:' or '开 票 人'. */
export function compactText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** A label with its trailing colon removed, white space removed, NFKC ('校 验 码：' → '校验码'). */
export function labelKey(text: string): string {
  return compactText(text).replace(/[:：]+$/u, '');
}

/** Value used when comparing two field values: null stays null, strings are normalised. */
export function foldForCompare(value: unknown): unknown {
  return typeof value === 'string' ? normalizeText(value) : value;
}

/** Where the words of `chars` are: [start, end) of each run of characters that are not white space. */
export function wordSpans(chars: readonly string[]): [number, number][] {
  const spans: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= chars.length; i++) {
    const blank = i === chars.length || chars[i]!.trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      spans.push([start, i]);
      start = -1;
    }
  }
  return spans;
}
