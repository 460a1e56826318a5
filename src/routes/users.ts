import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { CreateUserInput, createUser } from '../services/users/create-user.js';

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
}
