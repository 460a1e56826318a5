import { desc, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { auditEvents } from '../db/schema/index.js';
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
  const [, [last]] = await Promise.all([
    tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`),
    tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1),
  ]);
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  await tx.insert(auditEvents).values({ ...content, prevHash, hash });
  return content.id;
}
