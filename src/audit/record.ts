import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../db/client.js';
import { jsonb, timestamptz } from '../db/sql-values.js';
import { newId } from '../domain/ids.js';
import { GENESIS_HASH, auditHash } from './chain.js';

export interface AuditInput {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
}

// One lock key for the whole chain: rows must be linked in commit order, so writers take turns.
const CHAIN_LOCK = 7_310_001;

/** Appends one event to the chain inside the caller's transaction. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<string> {
  // Sent together, executed in order: the read takes its snapshot once the lock is held, so it sees the
  // newest committed link.
  const [, head] = await Promise.all([
    tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`),
    tx.execute(sql`select hash from audit_events order by seq desc limit 1`),
  ]);
  const prevHash = rowsOf<{ hash: string }>(head)[0]?.hash ?? GENESIS_HASH;
  // Millisecond precision: what JavaScript writes is exactly what it reads back for verification.
  const at = new Date();
  const content = {
    id: newId('aud'),
    at,
    actor: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: input.before ?? null,
    after: input.after ?? null,
    requestId: input.requestId ?? null,
  };
  const hash = auditHash(prevHash, content);
  await tx.execute(sql`insert into audit_events (id, at, actor, action, entity_type, entity_id, before, after, request_id, prev_hash, hash)
    values (${content.id}, ${timestamptz(at)}, ${content.actor}, ${content.action}, ${content.entityType}, ${content.entityId},
      ${jsonb(content.before)}, ${jsonb(content.after)}, ${content.requestId}, ${prevHash}, ${hash})`);
  return content.id;
}
