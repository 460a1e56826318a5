import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { providers } from '../../db/schema/index.js';
import type { Role } from '../../identity/principal.js';
import type { ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { assertRole } from '../scope.js';

export interface ProviderRef {
  providerId: string;
  uscc: string;
  name: string;
}

/** `me` in a path: the provider of the signed request or of the signed-in provider user. */
export const ME = 'me';

/**
 * The provider a caller asks about, or 404. A signed provider request reaches only its own provider, and so
 * does a user of role `provider` where `roles` names it (another provider's id is 404, so ids do not leak);
 * users of the other `roles` reach any.
 */
export async function providerInScope(ctx: ServiceContext, providerId: string, roles: Role[]): Promise<ProviderRef> {
  const p = ctx.principal;
  let id = providerId;
  if (p?.kind === 'provider') {
    if (id !== ME && id !== p.providerId) throw notFound('provider');
    id = p.providerId;
  } else {
    if (roles.length === 0) {
      assertRole(ctx);
      throw forbidden('this action is for a compute provider signing with its key');
    }
    const user = assertRole(ctx, ...roles);
    if (user.role === 'provider') {
      if (id !== ME && id !== user.scope) throw notFound('provider');
      id = user.scope!;
    }
  }
  const found = await providerById(ctx.db, id);
  if (!found) throw notFound('provider');
  return found;
}

export async function providerById(db: Queryable, id: string): Promise<ProviderRef | null> {
  const [row] = await db.select({ providerId: providers.id, uscc: providers.uscc, name: providers.name }).from(providers).where(eq(providers.id, id)).limit(1);
  return row ?? null;
}
