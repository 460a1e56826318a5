/**
 * An invoice identity as a string: a 数电 invoice is identified nationally by its 20-digit number alone, a
 * legacy invoice by code + number. (The matcher itself hashes the same parts without building strings;
 * see `InvoiceIndex`.) Digital keys are the number string itself, so the common case allocates nothing.
 */
export function identityKey(code: string | null, number: string): string {
  return code === null || code === '' ? number : `${code}:${number}`;
}

// Anything that is not a letter or digit separates invoice numbers in a line's list.
const SEPARATORS = /[^0-9A-Za-z]+/;

export const NO_NUMBER = 0;
export const ONE_NUMBER = 1;
export const NUMBER_LIST = 2;

/**
 * What a line's invoice number field holds: nothing (null, blank or only separators), one number, or a
 * list. One scan of the characters, no regex: this runs for every line.
 */
export function numberKind(text: string | null): number {
  if (text === null) return NO_NUMBER;
  let alnum = false;
  let other = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) alnum = true;
    else other = true;
  }
  if (!alnum) return NO_NUMBER;
  return other ? NUMBER_LIST : ONE_NUMBER;
}

/** True when a field names more than one invoice (an invoice code list, say). */
export function isNumberList(text: string): boolean {
  return numberKind(text) === NUMBER_LIST;
}

export function splitNumberList(text: string): string[] {
  return text.split(SEPARATORS).filter((s) => s !== '');
}

/**
 * Pairs a line's numbers with its codes: one code for all numbers, or one code per number in the same
 * order. Any other count cannot be paired reliably, so it returns null.
 */
export function pairCodes(numbers: readonly string[], code: string | null): (string | null)[] | null {
  if (code === null || code.trim() === '') return numbers.map(() => null);
  const codes = isNumberList(code) ? splitNumberList(code) : [code];
  if (codes.length === 1) return numbers.map(() => codes[0]!);
  if (codes.length === numbers.length) return codes;
  return null;
}
