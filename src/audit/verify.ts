import { asc, gt } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { auditEvents } from '../db/schema/index.js';
import { GENESIS_HASH, verifyChain, type ChainVerdict } from './chain.js';

const PAGE = 5000;

/** Verifies the whole chain page by page, so memory stays flat however long the log is. */
export async function verifyAuditChain(db: Queryable): Promise<ChainVerdict> {
  let afterSeq = 0;
  let prev = GENESIS_HASH;
  let counted = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, afterSeq))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    if (rows.length === 0) return { ok: true, rows: counted, lastHash: prev };
    const verdict = verifyChain(rows, prev, counted);
    if (!verdict.ok) return verdict;
    prev = verdict.lastHash;
    counted = verdict.rows;
    afterSeq = rows[rows.length - 1]!.seq;
  }
}
