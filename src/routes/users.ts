import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { CreateUserInput, createUser } from '../services/users/create-user.js';
import { SetPasswordInput, setPassword } from '../services/users/set-password.js';
import { ListUsersQuery, listUsers } from '../services/users/list-users.js';
import { DisableUserInput, disableUser, revokeUserTokens } from '../services/users/disable-user.js';

const UserCreated = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    scope: z.string().nullable(),
    token: z.string().openapi({ description: 'shown once; only its hash is stored' }),
  })
  .openapi('UserCreated');

const UserPage = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        role: z.string(),
        scope: z.string().nullable(),
        consolePassword: z.boolean().openapi({ description: 'whether the user can sign in to the web console' }),
        disabledAt: z.string().nullable(),
        lockedUntil: z.string().nullable(),
        liveTokens: z.number().int().openapi({ description: 'API tokens not revoked' }),
        createdAt: z.string(),
      }),
    ),
    nextAfter: z.string().nullable().openapi({ description: 'pass as `after` for the next page; null on the last' }),
  })
  .openapi('UserPage');
const UserId = z.object({ id: z.string().max(64) });

export function registerUserRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users',
      tags: ['registry'],
      summary: 'Create a user with a role and scope (admin)',
      security: [{ bearer: [] }],
      request: { body: jsonBody(CreateUserInput) },
      responses: { 201: jsonContent(UserCreated, 'created'), ...errorResponses },
    }),
    async (c) => c.json(await createUser(serviceContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/users/{id}/password',
      tags: ['registry'],
      summary: 'Set a user’s web-console password (admin); at least 12 characters',
      description: 'Also lifts a sign-in lock-out and ends the user’s console sessions.',
      security: [{ bearer: [] }],
      request: { params: z.object({ id: z.string().max(64) }), body: jsonBody(SetPasswordInput) },
      responses: { 200: jsonContent(z.object({ id: z.string(), passwordSet: z.literal(true) }).openapi('PasswordSet')), ...errorResponses },
    }),
    async (c) => c.json(await setPassword(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users',
      tags: ['registry'],
      summary: 'Users with role, scope and standing: disabled, locked, live API tokens (admin)',
      security: [{ bearer: [] }],
      request: { query: ListUsersQuery },
      responses: { 200: jsonContent(UserPage), ...errorResponses },
    }),
    async (c) => c.json(await listUsers(serviceContext(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{id}/disable',
      tags: ['registry'],
      summary: 'Disable a user (admin): its API tokens stop working and its console sessions end; the record stays',
      description: '409 USER_DISABLED when already disabled; 409 OWN_ACCOUNT for the caller’s own account.',
      security: [{ bearer: [] }],
      request: { params: UserId, body: jsonBody(DisableUserInput) },
      responses: { 200: jsonContent(z.object({ id: z.string(), disabledAt: z.string(), sessionsEnded: z.number().int() }).openapi('UserDisabled')), ...errorResponses },
    }),
    async (c) => c.json(await disableUser(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{id}/revoke-tokens',
      tags: ['registry'],
      summary: 'Revoke every API token of a user (admin); console sign-in by password is not affected',
      security: [{ bearer: [] }],
      request: { params: UserId, body: jsonBody(DisableUserInput) },
      responses: { 200: jsonContent(z.object({ id: z.string(), tokensRevoked: z.number().int(), revokedAt: z.string() }).openapi('UserTokensRevoked')), ...errorResponses },
    }),
    async (c) => c.json(await revokeUserTokens(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
}
