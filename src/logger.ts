import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs; credentials are redacted wherever they could appear, and errors never carry query parameters. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'compute-subsidy' },
      // Everything logged passes here before it is written: errors become their safe form (errorForLog), and
      // text that carries a query's parameters loses them.
      formatters: { log: scrubbed },
      serializers: { err: (value: unknown) => (value instanceof Error ? errorForLog(value) : value) },
      hooks: {
        logMethod(args, method) {
          // `logger.error(err)` would take the error's own message as the line's message.
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error) {
            const safe = errorForLog(first);
            return method.apply(this, [{ err: safe }, ...(typeof rest[0] === 'string' ? rest : [safe.message, ...rest])] as never);
          }
          return method.apply(this, args.map((a) => (typeof a === 'string' ? withoutParams(a) : a)) as never);
        },
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-signature"]',
          'headers.authorization',
          'req.headers.cookie',
          'headers.cookie',
          'headers["x-signature"]',
          'res.headers["set-cookie"]',
          'authorization',
          '*.authorization',
          'cookie',
          'signature',
          '*.signature',
          'token',
          'secret',
          '*.token',
          '*.secret',
          'password',
          '*.password',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Network and driver codes of a connection that could not be made or was lost, in an operator's words. */
const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (name lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CONNECT_TIMEOUT: 'timed out connecting',
  CONNECTION_CLOSED: 'connection closed',
  CONNECTION_ENDED: 'connection closed',
  CONNECTION_DESTROYED: 'connection closed',
  // PostgreSQL: the server going away or not taking connections.
  '57P01': 'the server is shutting down',
  '57P02': 'the server crashed',
  '57P03': 'the server is starting up',
  '53300': 'too many connections',
};

/** Errors and their causes (and an AggregateError's parts: a host name that resolves to several addresses). */
function* chain(err: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    yield e as Record<string, unknown>;
    queue.push((e as { cause?: unknown }).cause);
    if (Array.isArray((e as { errors?: unknown }).errors)) queue.push(...(e as { errors: unknown[] }).errors);
  }
}

/**
 * Words for a failure to reach or keep a connection (to PostgreSQL or Redis): "connection refused", "host not
 * found" … ; null when `err` is something else. These are outages: they pass by themselves.
 */
export function connectionProblem(err: unknown): string | null {
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_CODES[code]) return CONNECTION_CODES[code];
    // SQLSTATE class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'connection failure';
    // ioredis, once it gave up on a command or its connection was closed.
    if (e.name === 'MaxRetriesPerRequestError' || e.message === 'Connection is closed.') return 'connection closed';
  }
  return null;
}

/**
 * drizzle's wrapper around a failed query: its message holds the query's parameters. The database's own error
 * inside it is not one, though PGlite's also carries the query and its parameters (it has a SQLSTATE code).
 */
const isQueryWrapper = (e: Record<string, unknown>) =>
  (typeof e.message === 'string' && e.message.startsWith('Failed query:')) || ('params' in e && typeof e.code !== 'string');

/**
 * One line that says what went wrong, safe to log, store or show an operator: a connection failure in words,
 * else the innermost error's first line with its code. Never a query's parameters (a token's hash, a secret)
 * and never a query's text.
 */
export function describeError(err: unknown): string {
  const connection = connectionProblem(err);
  if (connection) return connection;
  for (const e of chain(err)) {
    if (isQueryWrapper(e)) continue;
    const message = typeof e.message === 'string' ? withoutParams(e.message).split('\n')[0]!.trim() : '';
    const code = typeof e.code === 'string' ? ` (${e.code})` : '';
    if (message || code) return `${message || 'error'}${code}`;
  }
  if (err && typeof err === 'object') return 'a database query failed';
  return withoutParams(String(err)).split('\n')[0]!;
}

/** Drops a `params: …` section some drivers append to an error message. */
function withoutParams(text: string): string {
  const at = text.search(/\n?params: /);
  return at < 0 ? text : text.slice(0, at);
}

/**
 * What is logged of an error: its kind, safe message, code, stack frames and cause. Everything else an error
 * object may carry (a query's parameters, a server's `detail` with the values of a row) stays out.
 */
function errorForLog(err: Error, depth = 0): { type: string; message: string } & Record<string, unknown> {
  const e = err as Error & { code?: unknown; query?: unknown };
  const wrapper = isQueryWrapper(e as unknown as Record<string, unknown>);
  const message = wrapper ? 'query failed' : withoutParams(String(e.message));
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  // Some errors keep the plain name `Error`; their class says what they are.
  const type = e.name === 'Error' && e.constructor?.name ? e.constructor.name : e.name;
  const out: { type: string; message: string } & Record<string, unknown> = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (wrapper && typeof e.query === 'string') out.query = e.query.slice(0, 500);
  if (e.cause instanceof Error && depth < 4) out.cause = errorForLog(e.cause, depth + 1);
  return out;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) return errorForLog(value);
  if (typeof value === 'string') return value.includes('params: ') ? withoutParams(value) : value;
  if (depth < 2 && value && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return scrubbed(value as Record<string, unknown>, depth + 1);
  }
  return value;
}

function scrubbed(obj: Record<string, unknown>, depth = 0): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const safe = scrubValue(value, depth);
    if (safe !== value) (out ??= { ...obj })[key] = safe;
  }
  return out ?? obj;
}
