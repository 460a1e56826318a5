import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { requireProvider } from '../http/provider-auth.js';
import type { MiddlewareHandler } from 'hono';
import { forbidden } from '../services/errors.js';
import { RegisterProviderInput, registerProvider } from '../services/providers/register-provider.js';
import { AccountId, ProviderAccountView } from '../services/providers/account-view.js';
import { ME } from '../services/providers/access.js';
import { createProviderKey, ProviderKeyCreated } from '../services/providers/create-key.js';
import { ProviderKeyView } from '../services/providers/key-view.js';
import { listProviderAccounts } from '../services/providers/list-accounts.js';
import { listProviderKeys } from '../services/providers/list-keys.js';
import { PutAccountInput, putProviderAccount } from '../services/providers/put-account.js';
import { revokeProviderKey } from '../services/providers/revoke-key.js';

const ProviderCreated = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    keyId: z.string(),
    secret: z.string().openapi({ description: 'HMAC signing secret, shown once' }),
  })
  .openapi('ProviderCreated');

const ProviderIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, description: 'the provider’s id (from POST /v1/providers)' }),
});
const KeyParams = ProviderIdParam.extend({
  keyId: z.string().min(1).max(128).openapi({ param: { name: 'keyId', in: 'path' }, description: 'the key id the provider sends as its bearer credential' }),
});
const AccountParams = z.object({ accountId: AccountId });
const AccountList = z.object({ providerId: z.string(), items: z.array(ProviderAccountView) }).openapi('ProviderAccountList');
const KeyList = z.object({ providerId: z.string(), items: z.array(ProviderKeyView) }).openapi('ProviderKeyList');

/**
 * Provider-signed routes: a user token is a valid credential of the wrong kind (403); the signature is
 * checked before the body is validated, so an unsigned body is 401 whatever it holds. `with-writes` leaves
 * the signature to be spent by the verb's transaction.
 */
const signedProvider =
  (spend: 'now' | 'with-writes'): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (c.get('principal')?.kind === 'user') throw forbidden('this route is for a compute provider signing with its key');
    await requireProvider(c, { spend });
    await next();
  };

const ROTATION = `A provider holds at most two active signing keys, so it can rotate without downtime: an admin adds a
key (the secret is shown once, in this answer only), the provider switches its client to it — both keys are
accepted meanwhile — and the admin revokes the old one. A revoked key is refused at once (401 \`KEY_REVOKED\`);
signatures it made before can no more be replayed than before. Every accepted signature is attributed to
its key: audit events of provider requests name the key that signed them (\`signedWith\`), and each key
shows when it was last used.`;

const ProviderIdentity = z.object({ id: z.string(), uscc: z.string(), keyId: z.string() }).openapi('ProviderIdentity');

export function registerProviderRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/providers',
      tags: ['registry'],
      summary: 'Register a compute provider and issue its signing key (admin)',
      security: [{ bearer: [] }],
      request: { body: jsonBody(RegisterProviderInput) },
      responses: { 201: jsonContent(ProviderCreated, 'registered'), ...errorResponses },
    }),
    async (c) => c.json(await registerProvider(serviceContext(c), c.get('deps').secretKey, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/providers/me',
      tags: ['provider statements'],
      summary: 'Check a provider integration: the signed caller’s identity',
      description: 'Signed like every provider request: `Authorization: Bearer <keyId>` and `X-Signature` over the empty body.',
      security: [{ providerSignature: [] }],
      responses: { 200: jsonContent(ProviderIdentity), ...errorResponses },
    }),
    async (c) => {
      // A user token is a valid credential of the wrong kind: refused as forbidden, like PUT /v1/statements.
      if (c.get('principal')?.kind === 'user') throw forbidden('this route is for a compute provider signing with its key');
      const p = await requireProvider(c);
      return c.json({ id: p.providerId, uscc: p.uscc, keyId: p.keyId }, 200);
    },
  );

  // The provider's own routes (`me`) come before the admin's `{id}` routes, so `me` is never read as an id.
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/providers/me/accounts/{accountId}',
      tags: ['provider statements'],
      summary: 'Map one of the provider’s billing accounts to the customer it bills (provider)',
      description: `Signed by the provider. FOCUS rows of the account (\`SubAccountId\`, else \`BillingAccountId\`) that carry no
\`x_CustomerUscc\` are that customer's from the next push on; statements already stored keep the customers they
were stored with. 201 when the account is new, 200 when it is remapped or mapped the same again (a no-op).
The audit event names the key that signed the request.`,
      security: [{ providerSignature: [] }],
      middleware: [signedProvider('with-writes')] as const,
      request: { params: AccountParams, body: jsonBody(PutAccountInput) },
      responses: { 201: jsonContent(ProviderAccountView, 'mapped'), 200: jsonContent(ProviderAccountView, 'remapped, or already so'), ...errorResponses },
    }),
    async (c) => {
      const { created, account } = await putProviderAccount(serviceContext(c), c.req.valid('param').accountId, c.req.valid('json'));
      return c.json(account, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/providers/me/accounts',
      tags: ['provider statements'],
      summary: 'The provider’s billing accounts and their customers (provider)',
      description: 'Signed like every provider request, over the empty body.',
      security: [{ providerSignature: [] }],
      middleware: [signedProvider('now')] as const,
      responses: { 200: jsonContent(AccountList), ...errorResponses },
    }),
    async (c) => c.json(await listProviderAccounts(serviceContext(c), ME), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/providers/{id}/accounts',
      tags: ['registry'],
      summary: 'A provider’s billing accounts and their customers (admin; a provider’s own console user)',
      security: [{ bearer: [] }],
      request: { params: ProviderIdParam },
      responses: { 200: jsonContent(AccountList), ...errorResponses },
    }),
    async (c) => c.json(await listProviderAccounts(serviceContext(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/providers/{id}/keys',
      tags: ['registry'],
      summary: 'Issue another signing key for a provider (admin); the secret is shown once',
      description: `${ROTATION}\n\nA third active key is refused with 409 \`TOO_MANY_KEYS\`: revoke one first.`,
      security: [{ bearer: [] }],
      request: { params: ProviderIdParam },
      responses: { 201: jsonContent(ProviderKeyCreated, 'issued'), ...errorResponses },
    }),
    async (c) => c.json(await createProviderKey(serviceContext(c), c.get('deps').secretKey, c.req.valid('param').id), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/providers/{id}/keys',
      tags: ['registry'],
      summary: 'A provider’s signing keys, never their secrets (admin; a provider’s own console user)',
      description: ROTATION,
      security: [{ bearer: [] }],
      request: { params: ProviderIdParam },
      responses: { 200: jsonContent(KeyList), ...errorResponses },
    }),
    async (c) => c.json(await listProviderKeys(serviceContext(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/providers/{id}/keys/{keyId}/revoke',
      tags: ['registry'],
      summary: 'Revoke a provider’s signing key (admin)',
      description: `${ROTATION}\n\nAn admin may revoke any key, the last one included (a leaked key is shut at once; issue a new one). Revoking a revoked key changes nothing.`,
      security: [{ bearer: [] }],
      request: { params: KeyParams },
      responses: { 200: jsonContent(ProviderKeyView, 'revoked (or already so)'), ...errorResponses },
    }),
    async (c) => {
      const { id, keyId } = c.req.valid('param');
      return c.json(await revokeProviderKey(serviceContext(c), id, keyId), 200);
    },
  );
}
