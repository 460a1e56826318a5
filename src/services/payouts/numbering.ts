import type { Tx } from '../../db/client.js';
import { nextInSequence } from '../applications/numbering.js';

/** SJ: the provincial funds (省级); XM: Xiamen's own (六(二)). */
const SOURCE_CODES: Record<string, string> = { province: 'SJ', xiamen: 'XM' };

/** A batch's number, given when it is prepared: the year it is made, its funding source and a sequence, e.g. 2026-SJ-0003. */
export async function nextBatchNumber(tx: Tx, year: number, fundingSource: string): Promise<string> {
  const code = SOURCE_CODES[fundingSource] ?? 'SJ';
  const n = await nextInSequence(tx, `batch:${year}:${code}`);
  return `${year}-${code}-${String(n).padStart(4, '0')}`;
}
