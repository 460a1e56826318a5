import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { Decision, EvaluateFacts, ParameterChangeBody, PARAMETER_UNITS } from '../rules/index.js';
import { evaluateFacts } from '../services/policy/evaluate-facts.js';
import { ParameterQuery, getParameter, listParameters } from '../services/policy/list-parameters.js';
import { addParameterValue } from '../services/policy/add-parameter-value.js';
import { getCalendarYear, listCalendarYears } from '../services/policy/get-calendar.js';
import { CalendarScheduleBody, loadCalendarYear } from '../services/policy/load-calendar-year.js';

/**
 * `Decision` with its trace values described as any JSON: the rules' recursive JSON schema is exact
 * for validation but sends the OpenAPI generator into endless recursion.
 */
const DecisionResponse = Decision.extend({
  trace: z.array(
    z.object({
      clause: z.string(),
      step: z.string(),
      inputs: z.record(z.string(), z.unknown()),
      result: z.unknown().openapi({ description: 'any JSON value' }),
    }),
  ),
}).openapi('Decision');

const Value = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

const HistoryEntry = z
  .object({
    from: z.string(),
    value: Value,
    source: z.enum(['default', 'admin']),
    note: z.string().nullable(),
    addedBy: z.string().nullable(),
    addedAt: z.string().nullable(),
  })
  .openapi('ParameterHistoryEntry');

const ParameterDetail = z
  .object({
    name: z.string(),
    unit: z.enum(PARAMETER_UNITS),
    clause: z.string(),
    note: z.string(),
    allowed: z.array(z.string()).optional(),
    inForce: z.object({ on: z.string(), from: z.string(), value: Value }).nullable(),
    values: z.array(HistoryEntry).openapi({
      description: 'Oldest first; for equal `from` dates the later entry is the one in force (defaults, then admin values in the order added).',
    }),
  })
  .openapi('Parameter');

const ParameterList = z.object({ asOf: z.string(), items: z.array(ParameterDetail) }).openapi('ParameterList');

const CalendarYear = z
  .object({
    year: z.number().int(),
    holidays: z.array(z.string()),
    workdays: z.array(z.string()),
    source: z.string(),
    loadedBy: z.string().nullable(),
    loadedAt: z.string().nullable(),
  })
  .openapi('CalendarYear');

const CalendarYears = z
  .object({ years: z.array(z.object({ year: z.number().int(), source: z.string() })) })
  .openapi('CalendarYears');

const YearParam = z.object({ year: z.string().regex(/^\d{4}$/, 'must be a four-digit year') });
const security = [{ bearer: [] }];

export function registerPolicyRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/evaluate',
      tags: ['calculator'],
      summary: 'Decide over stated facts with the rules and parameters in force (any signed-in user)',
      security,
      request: { body: jsonBody(EvaluateFacts) },
      responses: { 200: jsonContent(DecisionResponse, 'the decision, eligible or not, with reasons and trace'), ...errorResponses },
    }),
    async (c) => c.json(await evaluateFacts(serviceContext(c), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/parameters',
      tags: ['policy'],
      summary: 'Every policy parameter with unit, clause, note and dated history (any signed-in user)',
      security,
      request: { query: ParameterQuery },
      responses: { 200: jsonContent(ParameterList), ...errorResponses },
    }),
    async (c) => c.json(await listParameters(serviceContext(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/parameters/{name}',
      tags: ['policy'],
      summary: 'One policy parameter with its dated history (any signed-in user)',
      security,
      request: { params: z.object({ name: z.string().max(100) }), query: ParameterQuery },
      responses: { 200: jsonContent(ParameterDetail), ...errorResponses },
    }),
    async (c) => c.json(await getParameter(serviceContext(c), c.req.valid('param').name, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/parameters',
      tags: ['policy'],
      summary: 'Add a dated value to a parameter (admin); 422 INVALID_PARAMETER / UNKNOWN_PARAMETER, 409 PARAMETER_VALUE_EXISTS',
      security,
      request: { body: jsonBody(ParameterChangeBody) },
      responses: { 201: jsonContent(ParameterDetail, 'added; the parameter with its full history'), ...errorResponses },
    }),
    async (c) => c.json(await addParameterValue(serviceContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/calendar',
      tags: ['policy'],
      summary: 'Years with a working-day schedule, bundled or loaded (any signed-in user)',
      security,
      responses: { 200: jsonContent(CalendarYears), ...errorResponses },
    }),
    async (c) => c.json(await listCalendarYears(serviceContext(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/calendar/{year}',
      tags: ['policy'],
      summary: 'The working-day schedule in force for a year (any signed-in user); 404 CALENDAR_YEAR_UNKNOWN',
      security,
      request: { params: YearParam },
      responses: { 200: jsonContent(CalendarYear), ...errorResponses },
    }),
    async (c) => c.json(await getCalendarYear(serviceContext(c), Number(c.req.valid('param').year)), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/calendar/{year}',
      tags: ['policy'],
      summary: 'Load the official schedule of a year the bundled data lacks (admin); 409 CALENDAR_YEAR_BUNDLED',
      security,
      request: { params: YearParam, body: jsonBody(CalendarScheduleBody) },
      responses: {
        200: jsonContent(CalendarYear, 'replaced, or unchanged when the same schedule was already loaded'),
        201: jsonContent(CalendarYear, 'loaded for the first time'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { view, created } = await loadCalendarYear(serviceContext(c), Number(c.req.valid('param').year), c.req.valid('json'));
      return created ? c.json(view, 201) : c.json(view, 200);
    },
  );
}
