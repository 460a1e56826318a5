import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { NormalizedLine, ValidatedStatement } from './statement-input.js';

const CHUNK = 10_000;

/**
 * SHA-256 of the statement's canonical form, `canonicalJson({ periodStart, periodEnd, lines })` with the
 * lines normalized (fen, nulls for absent fields) and ordered by lineId. The same statement therefore
 * hashes the same whether it came as JSON or CSV, with keys or lines in another order, or with "-0.00"
 * for "0.00"; only a change of content is a new version.
 *
 * Normalized lines hold only primitives and are built with their keys in sorted order, so their plain
 * JSON already is their canonical JSON; the lines are streamed into the hash in chunks rather than
 * assembled into one string of the whole body (a test holds this equal to `canonicalJson`).
 */
export function statementSha256(s: Pick<ValidatedStatement, 'periodStart' | 'periodEnd' | 'lines'>): string {
  const lines = [...s.lines].sort(byLineId);
  const hash = createHash('sha256');
  const tail = canonicalJson({ periodEnd: s.periodEnd, periodStart: s.periodStart });
  hash.update('{"lines":[');
  for (let start = 0; start < lines.length; start += CHUNK) {
    const json = JSON.stringify(lines.slice(start, start + CHUNK));
    hash.update(start === 0 ? json.slice(1, -1) : `,${json.slice(1, -1)}`);
  }
  hash.update(`],${tail.slice(1)}`);
  return hash.digest('hex');
}

function byLineId(a: NormalizedLine, b: NormalizedLine): number {
  return a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0;
}
