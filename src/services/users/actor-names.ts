import { inArray } from 'drizzle-orm';
import { providers, users } from '../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';

/** Who an actor string names, for display: a person's name and role, a provider's name, or the service itself. */
export interface ActorName {
  actor: string;
  kind: 'user' | 'provider' | 'system';
  name: string;
  /** The user's role; null for providers and the service. */
  role: string | null;
}

/**
 * Resolves actor strings of history and audit (`user:usr_…`, `provider:prv_…`, `system`, `job:…`) to names, so
 * pages say who acted without showing internal ids. Any signed-in user may read the names of those who acted
 * on what it can already see.
 */
export async function actorNames(ctx: ServiceContext, actors: Iterable<string | null | undefined>): Promise<Map<string, ActorName>> {
  assertRole(ctx);
  const wanted = [...new Set([...actors].filter((a): a is string => typeof a === 'string' && a !== ''))];
  const ids = (prefix: string) => wanted.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
  const [userIds, providerIds] = [ids('user:'), ids('provider:')];
  const [userRows, providerRows] = await Promise.all([
    userIds.length ? ctx.db.select({ id: users.id, name: users.name, role: users.role }).from(users).where(inArray(users.id, userIds)) : [],
    providerIds.length ? ctx.db.select({ id: providers.id, name: providers.name }).from(providers).where(inArray(providers.id, providerIds)) : [],
  ]);
  const out = new Map<string, ActorName>();
  for (const u of userRows) out.set(`user:${u.id}`, { actor: `user:${u.id}`, kind: 'user', name: u.name, role: u.role });
  for (const p of providerRows) out.set(`provider:${p.id}`, { actor: `provider:${p.id}`, kind: 'provider', name: p.name, role: null });
  for (const a of wanted) if (!out.has(a)) out.set(a, { actor: a, kind: 'system', name: a.startsWith('user:') || a.startsWith('provider:') ? '（已删除的账号）' : '系统自动处理', role: null });
  return out;
}
