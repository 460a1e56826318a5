import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { apiTokens, providers, users } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { isValidUscc } from '../../domain/uscc.js';
import { OFFICES, Role } from '../../identity/principal.js';
import { issueToken } from '../../identity/tokens.js';
import { invalid } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { hashPassword, Password } from './password.js';

export const CreateUserInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  role: Role,
  scope: z.string().trim().min(1).max(64).nullish(),
  /** Optional console password (stored as an scrypt hash); API tokens work without one. */
  password: Password.optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

/** A role's scope: a USCC for enterprises, an office for city reviewers, a provider id for providers, nothing for the others. */
export function validateScope(role: Role, scope: string | null | undefined): string | null {
  if (role === 'enterprise') {
    if (!scope || !isValidUscc(scope)) {
      throw invalid('INVALID_SCOPE', 'an enterprise user needs a valid USCC as scope', [
        { path: 'scope', message: 'must be a valid USCC' },
      ]);
    }
    return scope;
  }
  if (role === 'city_reviewer') {
    if (!scope || !(OFFICES as readonly string[]).includes(scope)) {
      throw invalid('INVALID_SCOPE', `a city reviewer needs an office as scope: ${OFFICES.join(', ')}`, [
        { path: 'scope', message: 'must be an office code' },
      ]);
    }
    return scope;
  }
  if (role === 'provider') {
    // Whether the provider exists is checked in createUser's transaction.
    if (!scope) throw invalid('INVALID_SCOPE', 'a provider user needs the provider’s id as scope', [{ path: 'scope', message: 'must be a provider id' }]);
    return scope;
  }
  if (scope) {
    throw invalid('INVALID_SCOPE', `role ${role} takes no scope`, [{ path: 'scope', message: 'must be absent' }]);
  }
  return null;
}

export async function createUser(ctx: ServiceContext, input: CreateUserInput) {
  assertRole(ctx, 'admin');
  const scope = validateScope(input.role, input.scope);
  const id = newId('usr');
  const { token, hash } = issueToken();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return verb(ctx, async (tx) => {
    if (input.role === 'provider' && (await tx.select({ id: providers.id }).from(providers).where(eq(providers.id, scope!)).limit(1)).length === 0) {
      throw invalid('INVALID_SCOPE', `no provider ${scope}`, [{ path: 'scope', message: 'must name a registered provider' }]);
    }
    await tx.insert(users).values({ id, name: input.name, role: input.role, scope, passwordHash });
    await tx.insert(apiTokens).values({ id: newId('tok'), userId: id, tokenHash: hash });
    const user = { id, name: input.name, role: input.role, scope };
    return {
      result: { ...user, token },
      audit: { action: 'user.created', entityType: 'user', entityId: id, after: { ...user, passwordSet: passwordHash !== null } },
    };
  });
}
