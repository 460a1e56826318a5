import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ConsoleEnv } from './env.js';
import { shownError } from './errors.js';
import type { AppEnv } from '../http/env.js';
import { serviceContext } from '../http/service-context.js';
import type { ServiceContext } from '../services/context.js';
import type { UserPrincipal } from '../services/scope.js';
import { shanghaiDate } from '../services/policy/index.js';

/** A JSX page as a complete HTML document. */
export async function render(c: Context<ConsoleEnv>, page: unknown, status: ContentfulStatusCode = 200): Promise<Response> {
  // A page with async components renders to a promise of its HTML; await both the node and its string.
  const node = (await page) as { toString(): string | Promise<string> };
  return c.html(`<!DOCTYPE html>${await node.toString()}`, status);
}

/**
 * POST/redirect/GET: run the verb, then redirect to where the result is shown. A verb's refusal goes back
 * to the form's page with its code, which the layout shows in Chinese; nothing was changed.
 */
export async function act(c: Context<ConsoleEnv>, back: string, fn: () => Promise<string>): Promise<Response> {
  try {
    return c.redirect(await fn(), 303);
  } catch (err) {
    const shown = shownError(err);
    const params = new URLSearchParams({ err: shown.code });
    if (shown.fields.length) params.set('fields', shown.fields.join(','));
    return c.redirect(withQuery(back, params), 303);
  }
}

export function withQuery(path: string, params: URLSearchParams | Record<string, string>): string {
  const q = (params instanceof URLSearchParams ? params : new URLSearchParams(params)).toString();
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
}

/** A form field as a single string ('' when absent or a file). */
export function field(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : '';
}

/** The same service context the JSON routes build: the console's principal is the signed-in user. */
export function svc(c: Context<ConsoleEnv>): ServiceContext {
  return serviceContext(c as unknown as Context<AppEnv>);
}

/** The signed-in user (every page behind requireSession has one). */
export function me(c: Context<ConsoleEnv>): UserPrincipal {
  return c.get('session')!.principal;
}

export function csrfOf(c: Context<ConsoleEnv>): string {
  return c.get('session')!.csrfToken;
}

/** The year pages default to: this year in Asia/Shanghai, by the service's clock. */
export function thisYear(c: Context<ConsoleEnv>): number {
  return Number(shanghaiDate(c.get('deps').clock()).slice(0, 4));
}

export function yearParam(c: Context<ConsoleEnv>): number {
  const y = Number(c.req.query('year'));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : thisYear(c);
}
