import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { CreateUserInput, createUser } from '../services/users/create-user.js';
import { SetPasswordInput, setPassword } from '../services/users/set-password.js';

const UserCreated = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.string(),
    scope: z.string().nullable(),
    token: z.string().openapi({ description: 'shown once; only its hash is stored' }),
  })
  .openapi('UserCreated');

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
}
