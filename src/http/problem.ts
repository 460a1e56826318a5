import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError, ServiceError, ServiceErrorKind } from '../services/errors.js';
import { readsOnly } from './methods.js';

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
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The one place a refusal becomes an HTTP status. */
const STATUS: Record<ServiceErrorKind, ContentfulStatusCode> = {
  MALFORMED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_FORMAT: 415,
  VALIDATION: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

const CHALLENGE = { bearer: 'Bearer', signature: 'Signature' } as const;

export function httpStatus(err: ServiceError): ContentfulStatusCode {
  return STATUS[err.kind];
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

export function problemResponse(c: Context, problem: Problem, headers?: Record<string, string>): Response {
  return c.body(JSON.stringify(problem), problem.status as 400, {
    'Content-Type': 'application/problem+json',
    ...headers,
  });
}

/**
 * What a 503 for an unreachable database tells the caller, in terms of its request: a read found nothing to
 * read, a write stored nothing (its transaction never committed), and either may simply be sent again.
 */
export function databaseUnavailableDetail(method: string): string {
  return readsOnly(method)
    ? 'the database is unavailable, so nothing could be read; retry shortly'
    : 'the database is unavailable; nothing was stored; retry shortly';
}

/** A service error as problem+json, with the headers its kind calls for (WWW-Authenticate, Retry-After). */
export function serviceErrorResponse(c: Context, err: ServiceError): Response {
  const headers: Record<string, string> = {};
  if (err.credential) headers['WWW-Authenticate'] = CHALLENGE[err.credential];
  if (err.retryAfterSeconds !== undefined) headers['Retry-After'] = String(err.retryAfterSeconds);
  return problemResponse(c, toProblem(httpStatus(err), err.code, err.message, err.errors), headers);
}
