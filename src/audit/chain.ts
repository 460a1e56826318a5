import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/** hash = SHA-256(prevHash ‖ canonical JSON of the row's content). */
export function auditHash(prevHash: string, content: AuditContent): string {
  const body = canonicalJson({
    id: content.id,
    at: content.at.toISOString(),
    actor: content.actor,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    before: content.before ?? null,
    after: content.after ?? null,
    requestId: content.requestId ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainRow extends AuditContent {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Why a row breaks the chain, as a verdict states it (the API's `reason`, the CLI's line). */
export const CHAIN_BREAKS = {
  link: 'prev_hash does not match the previous row',
  content: 'content does not match its hash',
} as const;

export type ChainVerdict =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenSeq: number; brokenId: string; reason: string };

/** Walks rows in seq order; names the first row whose link or content does not hold. */
export function verifyChain(rows: Iterable<ChainRow>, startPrev = GENESIS_HASH, counted = 0): ChainVerdict {
  let prev = startPrev;
  let n = counted;
  for (const row of rows) {
    n++;
    if (row.prevHash !== prev) {
      return { ok: false, rows: n, brokenSeq: row.seq, brokenId: row.id, reason: CHAIN_BREAKS.link };
    }
    const expected = auditHash(prev, row);
    if (expected !== row.hash) {
      return { ok: false, rows: n, brokenSeq: row.seq, brokenId: row.id, reason: CHAIN_BREAKS.content };
    }
    prev = row.hash;
  }
  return { ok: true, rows: n, lastHash: prev };
}
