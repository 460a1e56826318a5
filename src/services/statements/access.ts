import { and, eq } from 'drizzle-orm';
import { statements } from '../../db/schema/index.js';
import { unauthenticated, forbidden, notFound, conflict } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole, type ProviderPrincipal } from '../scope.js';

/** Statements are pushed by providers only: a signed provider request, never a user token. */
export function assertProvider(ctx: ServiceContext): ProviderPrincipal {
  const p = ctx.principal;
  if (!p) throw unauthenticated('a provider key and X-Signature are required');
  if (p.kind !== 'provider') throw forbidden('statements are pushed by a compute provider with its signing key');
  return p;
}

/** Users who may read any provider's statements. */
export const STATEMENT_READERS = ['admin', 'finance_preparer', 'finance_approver', 'auditor'] as const;

/**
 * Finds the statement a caller asks for. statementIds are the provider's own, unique per provider: a
 * provider always reads its own (another provider's is 404); a user names the provider with `provider`,
 * and may leave it out when only one provider uses that statementId (409 when several do).
 */
export async function findStatement(ctx: ServiceContext, externalId: string, providerId: string | undefined) {
  const p = ctx.principal;
  let scope = providerId;
  if (p?.kind === 'provider') {
    if (providerId !== undefined && providerId !== p.providerId) throw notFound('statement');
    scope = p.providerId;
  } else {
    assertRole(ctx, ...STATEMENT_READERS);
  }
  const where = scope === undefined ? eq(statements.externalId, externalId) : and(eq(statements.externalId, externalId), eq(statements.providerId, scope));
  const rows = await ctx.db.select().from(statements).where(where).limit(20);
  // A statement whose first version failed never commits, but one at version 0 is not visible either way.
  const found = rows.filter((r) => r.currentVersion > 0);
  if (found.length === 0) throw notFound('statement');
  if (found.length > 1) {
    throw conflict('STATEMENT_ID_AMBIGUOUS', `several providers use statementId ${JSON.stringify(externalId)} (${found.map((r) => r.providerId).join(', ')}); name one with ?provider=<providerId>`);
  }
  return found[0]!;
}
