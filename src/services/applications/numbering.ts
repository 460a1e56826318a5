import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.js';

/** The office codes in application numbers (2026-FZ-00012): one per city office, 平潭 its own. */
export const OFFICE_NUMBER_CODES: Record<string, string> = {
  '3501': 'FZ', '3502': 'XM', '3503': 'PU', '3504': 'SM', '3505': 'QZ', '3506': 'ZZ', '3507': 'NP', '3508': 'LY', '3509': 'ND', pingtan: 'PT',
};

/**
 * The next number of a numbering scope, taken inside the caller's transaction: the upsert locks the scope's
 * row until the transaction ends, so two submissions never get the same number and a rolled-back one gives
 * its number back.
 */
export async function nextInSequence(tx: Tx, scope: string): Promise<number> {
  const [row] = rowsOf<{ last: number }>(
    await tx.execute(sql`insert into number_sequences (scope, last) values (${scope}, 1)
      on conflict (scope) do update set last = number_sequences.last + 1 returning last`),
  );
  return Number(row!.last);
}

/** An application's number, given at submission: year, office and a five-digit sequence, e.g. 2026-FZ-00012. */
export async function nextApplicationNumber(tx: Tx, year: number, office: string): Promise<string> {
  const code = OFFICE_NUMBER_CODES[office] ?? 'XX';
  const n = await nextInSequence(tx, `application:${year}:${code}`);
  return `${year}-${code}-${String(n).padStart(5, '0')}`;
}
