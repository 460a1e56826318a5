import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details, with the service's UPPER_SNAKE `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  instance?: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Thrown anywhere below a route; the app's error handler turns it into problem+json. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    public readonly status: ContentfulStatusCode,
    public readonly code: string,
    detail: string,
    public readonly errors?: FieldError[],
    public readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export function problemType(code: string): string {
  return `urn:compute-subsidy:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function toProblem(status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  const problem: Problem = {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
  };
  if (errors) problem.errors = errors;
  return problem;
}

export const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const conflict = (code: string, detail: string) => new ApiError(409, code, detail);
export const unprocessable = (code: string, detail: string, errors?: FieldError[]) =>
  new ApiError(422, code, detail, errors);
