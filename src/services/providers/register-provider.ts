import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { providerKeys, providers } from '../../db/schema/index.js';
import { actorOf } from '../../identity/principal.js';
import { newId } from '../../domain/ids.js';
import { isValidUscc } from '../../domain/uscc.js';
import { conflict, invalid } from '../errors.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { newKeyMaterial } from './create-key.js';

export const RegisterProviderInput = z.strictObject({
  uscc: z.string().trim().toUpperCase(),
  name: z.string().trim().min(1).max(200),
});
export type RegisterProviderInput = z.infer<typeof RegisterProviderInput>;

/** Registers a compute provider (from anywhere in China) and issues its signing key; the secret is shown once. */
export async function registerProvider(ctx: ServiceContext, secretKey: Buffer, input: RegisterProviderInput) {
  assertRole(ctx, 'admin');
  if (!isValidUscc(input.uscc)) {
    throw invalid('INVALID_USCC', 'the USCC fails the GB 32100-2015 / GB 11714 check characters', [
      { path: 'uscc', message: 'invalid check character or shape' },
    ]);
  }
  const id = newId('prv');
  const { keyId, secret, sealed } = newKeyMaterial(secretKey);
  return verb(ctx, async (tx) => {
    const existing = await tx.select({ id: providers.id }).from(providers).where(eq(providers.uscc, input.uscc)).limit(1);
    if (existing.length > 0) throw conflict('PROVIDER_EXISTS', `provider ${input.uscc} is already registered`);
    await tx.insert(providers).values({ id, uscc: input.uscc, name: input.name, keyId, secretSealed: sealed });
    await tx.insert(providerKeys).values({ id: newId('pkey'), providerId: id, keyId, secretSealed: sealed, createdBy: actorOf(ctx.principal) });
    const view = { id, uscc: input.uscc, name: input.name, keyId };
    return {
      result: { ...view, secret },
      audit: { action: 'provider.registered', entityType: 'provider', entityId: id, after: view },
    };
  });
}
