import type { Context, Env, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readsOnly } from './methods.js';

export interface BodyLimit<E extends Env> {
  maxSize: number;
  /** Answers (or throws) when the body is larger than `maxSize`. */
  onError: (c: Context<E>) => Response | Promise<Response>;
}

/**
 * Hono's body limit, answered from the headers whenever they settle it. Hono's own asks the fetch
 * Request for its body stream first, and on Node that builds the whole Request (headers copied, the
 * socket wrapped as a web stream) before the route reads a byte: a cost every JSON request paid. A
 * Content-Length without Transfer-Encoding is exact (Node's parser reads no more than it declares), so
 * it decides alone; a chunked body, or a length that is not plain digits, is still counted as it arrives by
 * Hono's middleware. Reads pass.
 */
export function limitBody<E extends Env>(options: BodyLimit<E>): MiddlewareHandler<E> {
  const counted = bodyLimit(options as { maxSize: number; onError: (c: Context) => Response | Promise<Response> });
  return async (c, next) => {
    if (readsOnly(c.req.method)) return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || !/^\d+$/.test(declared) || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number(declared) > options.maxSize) return options.onError(c);
    return next();
  };
}
