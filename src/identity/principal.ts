import { z } from 'zod';

export const Role = z.enum([
  'admin',
  'enterprise',
  'city_reviewer',
  'provincial_reviewer',
  'finance_preparer',
  'finance_approver',
  'auditor',
  // A compute provider's person in the web console, scoped to the provider's id: sees that provider's
  // statements, breaks, keys and accounts, and nothing of the programme's other data.
  'provider',
]);
export type Role = z.infer<typeof Role>;

export const OFFICES = ['3501', '3502', '3503', '3504', '3505', '3506', '3507', '3508', '3509', 'pingtan'] as const;

/** Who is calling: a user (with role and scope) or a compute provider (signed request). */
export type Principal =
  | { kind: 'user'; userId: string; name: string; role: Role; scope: string | null }
  | { kind: 'provider'; providerId: string; uscc: string; keyId: string };

/** The actor string written into audit events. */
export function actorOf(p: Principal | null): string {
  if (!p) return 'system';
  return p.kind === 'user' ? `user:${p.userId}` : `provider:${p.providerId}`;
}
