import { z } from '@hono/zod-openapi';

/** Wire schemas the routes share: problem+json and the response/body wrappers. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** The error responses every authenticated route can give. */
export const errorResponses = {
  401: problem('missing or invalid credentials'),
  403: problem('the role may not do this'),
  404: problem('not found, or outside the caller\'s scope'),
  409: problem('conflicts with the current state'),
  422: problem('validation failed; `errors` lists each field'),
} as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
