/** One input that broke a rule: where (`lines[17].amount`, `scope`) and what is wrong with it. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * What kind of refusal it is, in terms any caller understands. The kind is what a transport acts on (the
 * HTTP edge picks a status from it, a job decides whether retrying can help); the error's `code` is the
 * stable, finer name clients and the console read.
 */
export type ServiceErrorKind =
  /** The input cannot be read at all (a body that is not JSON). */
  | 'MALFORMED'
  /** No credential, or one that is not valid. */
  | 'UNAUTHENTICATED'
  /** A valid caller that may not do this. */
  | 'FORBIDDEN'
  /** Absent, or outside the caller's scope (reported the same, so existence does not leak). */
  | 'NOT_FOUND'
  /** Clashes with the data as it is now: exists already, wrong state, changed meanwhile. */
  | 'CONFLICT'
  /** Larger than a configured limit. */
  | 'TOO_LARGE'
  /** A kind of file or body the service does not handle. */
  | 'UNSUPPORTED_FORMAT'
  /** Readable input that breaks a rule; `errors` names each field. */
  | 'VALIDATION'
  /** The subject is locked for a while (an account after too many wrong passwords). */
  | 'LOCKED'
  /** Too many requests for one credential; `retryAfterSeconds` says when to come back. */
  | 'RATE_LIMITED'
  /** Something the service needs is down; nothing was changed; retry after `retryAfterSeconds`. */
  | 'UNAVAILABLE';

/** Which credential a refused caller should present: a user's bearer token or a provider's signature. */
export type Credential = 'bearer' | 'signature';

export interface ServiceErrorOptions {
  errors?: FieldError[];
  retryAfterSeconds?: number;
  credential?: Credential;
}

/**
 * A verb's refusal. Verbs, jobs and the console all speak this; each transport maps it at its own edge
 * (src/http/problem.ts for problem+json), so no business rule decides an HTTP status.
 */
export class ServiceError extends Error {
  override name = 'ServiceError';
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;
  readonly credential?: Credential;

  constructor(
    readonly kind: ServiceErrorKind,
    /** Stable UPPER_SNAKE name of this refusal, e.g. APPLICATION_EXISTS, INVALID_USCC. */
    readonly code: string,
    detail: string,
    opts: ServiceErrorOptions = {},
  ) {
    super(detail);
    if (opts.errors) this.errors = opts.errors;
    if (opts.retryAfterSeconds !== undefined) this.retryAfterSeconds = opts.retryAfterSeconds;
    if (opts.credential) this.credential = opts.credential;
  }
}

export const malformed = (detail: string) => new ServiceError('MALFORMED', 'MALFORMED_REQUEST', detail);

export const unauthenticated = (detail: string, opts: { code?: string; credential?: Credential } = {}) =>
  new ServiceError('UNAUTHENTICATED', opts.code ?? 'UNAUTHENTICATED', detail, opts.credential ? { credential: opts.credential } : {});

export const forbidden = (detail: string, code = 'FORBIDDEN') => new ServiceError('FORBIDDEN', code, detail);

export const notFound = (what: string) => new ServiceError('NOT_FOUND', 'NOT_FOUND', `${what} not found`);

/** A missing thing with its own code or wording (an unknown parameter, a calendar year not loaded). */
export const missing = (code: string, detail: string) => new ServiceError('NOT_FOUND', code, detail);

export const conflict = (code: string, detail: string) => new ServiceError('CONFLICT', code, detail);

export const tooLarge = (code: string, detail: string) => new ServiceError('TOO_LARGE', code, detail);

export const unsupportedFormat = (detail: string) => new ServiceError('UNSUPPORTED_FORMAT', 'UNSUPPORTED_MEDIA_TYPE', detail);

export const invalid = (code: string, detail: string, errors?: FieldError[]) =>
  new ServiceError('VALIDATION', code, detail, errors ? { errors } : {});

export const locked = (code: string, detail: string) => new ServiceError('LOCKED', code, detail);

export const rateLimited = (detail: string, retryAfterSeconds: number) =>
  new ServiceError('RATE_LIMITED', 'RATE_LIMITED', detail, { retryAfterSeconds });

export const unavailable = (code: string, detail: string, retryAfterSeconds: number) =>
  new ServiceError('UNAVAILABLE', code, detail, { retryAfterSeconds });
