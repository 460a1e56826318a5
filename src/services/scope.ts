import type { Principal, Role } from '../identity/principal.js';
import { unauthenticated, forbidden } from './errors.js';
import type { ServiceContext } from './context.js';

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;
export type ProviderPrincipal = Extract<Principal, { kind: 'provider' }>;

/** Every verb starts here: the caller must be a signed-in user with one of `roles`. */
export function assertRole(ctx: ServiceContext, ...roles: Role[]): UserPrincipal {
  const p = ctx.principal;
  if (!p || p.kind !== 'user') throw unauthenticated('a bearer token is required');
  if (roles.length > 0 && !roles.includes(p.role)) {
    throw forbidden(`this action needs one of the roles: ${roles.join(', ')}`);
  }
  // "Any signed-in user" means the programme's users: a provider's account reaches only the verbs that
  // name its role, so no verb written before the role existed can show it enterprises' data.
  if (roles.length === 0 && p.role === 'provider') throw forbidden('a provider account sees only its own provider’s data');
  return p;
}

/**
 * Whether `p` may see data belonging to the enterprise `uscc` with reviewing office `office`.
 * Out-of-scope data is reported as missing (404), never as forbidden, so its existence does not leak.
 */
export function canSeeEnterprise(p: UserPrincipal, uscc: string, office: string | null): boolean {
  switch (p.role) {
    case 'enterprise':
      return p.scope === uscc;
    case 'city_reviewer':
      return office !== null && p.scope === office;
    case 'provider':
      return false;
    default:
      return true;
  }
}
