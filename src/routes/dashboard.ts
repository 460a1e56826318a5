import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { ApplicationStatsQuery, applicationStats } from '../services/applications/application-stats.js';

const ApplicationStats = z
  .object({
    year: z.number().int().nullable(),
    groups: z.array(z.object({ office: z.string(), fundingSource: z.string(), status: z.string(), type: z.string(), count: z.number().int(), amount: z.string() })),
  })
  .openapi('ApplicationStats');

export function registerDashboardRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/application-stats',
      tags: ['applications'],
      summary: 'Counts and awarded amounts by office, status and award type, within the caller’s scope (reviewers, finance, auditor, admin)',
      security: [{ bearer: [] }],
      request: { query: ApplicationStatsQuery },
      responses: { 200: jsonContent(ApplicationStats), ...errorResponses },
    }),
    async (c) => c.json(await applicationStats(serviceContext(c), c.req.valid('query')), 200),
  );
}
