/**
 * Issue dates appear as '2020年07月23日', '2020-07-23', '2026-05-05 19:56:11' or '20200723';
 * all become ISO 'YYYY-MM-DD'. Null when the text holds no valid calendar date.
 */
export function parseInvoiceDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = text.normalize('NFKC');
  const m =
    /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/u.exec(t) ??
    /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/u.exec(t) ??
    /^\s*(\d{4})(\d{2})(\d{2})\s*$/u.exec(t) ??
    // Forms that print 年/月/日 as separate labels leave the digits separated by spaces.
    /^\s*(\d{4})\s+(\d{1,2})\s+(\d{1,2})(?!\d)/u.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
