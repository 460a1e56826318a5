/**
 * Taxpayer identifiers: 18-character 统一社会信用代码, or legacy 15/17/20-character ids
 * (individual businesses use an 18-digit resident id plus two digits). Validation here is only
 * about shape; check digits are the business of the checks, not the parser.
 */
export function normalizeTaxId(text: string | null | undefined): string | null {
  if (text == null) return null;
  const compact = text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
  return /^[0-9A-Z]{15,20}$/u.test(compact) ? compact : null;
}
