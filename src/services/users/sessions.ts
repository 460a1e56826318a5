import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';
import { Role, type Principal } from '../../identity/principal.js';

/** The cookie carries a 256-bit random token; the table keeps only its SHA-256, so a database leak signs no one in. */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface ActiveSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  principal: Extract<Principal, { kind: 'user' }>;
}

/** The live session behind a cookie token, or null when it is unknown, expired, or its user is disabled. */
export async function resolveSession(db: Queryable, token: string, now: Date): Promise<ActiveSession | null> {
  const [row] = await db
    .select({ id: sessions.id, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt, userId: users.id, name: users.name, role: users.role, scope: users.scope })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionIdOf(token)), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    principal: { kind: 'user', userId: row.userId, name: row.name, role: Role.parse(row.role), scope: row.scope },
  };
}
