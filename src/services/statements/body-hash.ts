import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { NormalizedLine, ValidatedStatement } from './statement-input.js';

/** Lines per step: a few milliseconds of work, so the yielding variant gives way often. */
const CHUNK = 2_000;

type Hashed = Pick<ValidatedStatement, 'periodStart' | 'periodEnd' | 'lines'>;

/**
 * SHA-256 of the statement's canonical form, `canonicalJson({ periodStart, periodEnd, lines })` with the
 * lines normalized (fen, nulls for absent fields) and ordered by lineId. The same statement therefore
 * hashes the same whether it came as JSON or CSV, with keys or lines in another order, or with "-0.00"
 * for "0.00"; only a change of content is a new version.
 *
 * Normalized lines hold only primitives and are built with their keys in sorted order, so their plain
 * JSON already is their canonical JSON; the lines are streamed into the hash one by one rather than
 * assembled into one string of the whole body (a test holds this equal to `canonicalJson`).
 */
export function statementSha256(s: Hashed): string {
  const steps = hashSteps(s);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same hash, computed a chunk at a time with a turn of the event loop in between, so that I/O waiting
 * meanwhile (the lines streaming into COPY) keeps moving while it is computed.
 */
export async function statementSha256Yielding(s: Hashed): Promise<string> {
  const steps = hashSteps(s);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}

function* hashSteps(s: Hashed): Generator<void, string> {
  // Even the sort waits for a turn, so that whatever the caller starts next is under way first.
  yield;
  const lines = [...s.lines].sort(byLineId);
  const hash = createHash('sha256');
  const tail = canonicalJson({ periodEnd: s.periodEnd, periodStart: s.periodStart });
  hash.update('{"lines":[');
  for (let start = 0; start < lines.length; start += CHUNK) {
    if (start > 0) yield;
    // Line by line: encoding many short strings is several times cheaper than encoding one long string
    // of the chunk (with CJK in it, a two-byte string), and the chunk is never assembled.
    const end = Math.min(lines.length, start + CHUNK);
    for (let i = start; i < end; i++) hash.update(i === 0 ? JSON.stringify(lines[i]) : `,${JSON.stringify(lines[i])}`);
  }
  hash.update(`],${tail.slice(1)}`);
  return hash.digest('hex');
}

function byLineId(a: NormalizedLine, b: NormalizedLine): number {
  return a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0;
}
