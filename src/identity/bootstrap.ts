import { eq } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { newId } from '../domain/ids.js';
import { recordAudit } from '../audit/record.js';
import { hashToken, issueToken } from './tokens.js';

export const BOOTSTRAP_ADMIN_ID = 'usr_bootstrap_admin';

/**
 * The first admin. With BOOTSTRAP_ADMIN_TOKEN set, that token is made valid (idempotently); unset on a
 * database with no admin, a token is generated and returned so it can be printed once.
 */
export async function ensureBootstrapAdmin(db: Db, configuredToken: string | undefined): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.id, BOOTSTRAP_ADMIN_ID)).limit(1);
    if (!existing) {
      await tx.insert(users).values({ id: BOOTSTRAP_ADMIN_ID, name: '初始管理员', role: 'admin', scope: null });
      await recordAudit(tx, {
        actor: 'system',
        action: 'user.bootstrapped',
        entityType: 'user',
        entityId: BOOTSTRAP_ADMIN_ID,
        after: { id: BOOTSTRAP_ADMIN_ID, role: 'admin' },
      });
    }
    if (configuredToken) {
      const hash = hashToken(configuredToken);
      const [known] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, hash)).limit(1);
      if (!known) await tx.insert(apiTokens).values({ id: newId('tok'), userId: BOOTSTRAP_ADMIN_ID, tokenHash: hash });
      return null;
    }
    if (existing) return null;
    const { token, hash } = issueToken();
    await tx.insert(apiTokens).values({ id: newId('tok'), userId: BOOTSTRAP_ADMIN_ID, tokenHash: hash });
    return token;
  });
}
