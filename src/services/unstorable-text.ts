import { invalid, type ServiceError } from './errors.js';

/**
 * SQLSTATEs of a value PostgreSQL's text cannot hold: U+0000 in a text value (22021) or escaped in JSON
 * (22P05); half of a surrogate pair escaped in JSON is 22P02, which names it.
 */
const UNSTORABLE = new Set(['22021', '22P05']);

/**
 * The refusal for a statement that failed on such a character (a NUL in a name, a path, a query value, a form
 * field), found on the error or its causes; null for any other error. Each transport's error boundary asks it
 * (the API's error handler, the console's shownError), so reads and writes alike get a 422, not a 500; the
 * transaction the statement ran in changed nothing.
 */
export function unstorableTextRefusal(err: unknown): ServiceError | null {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (UNSTORABLE.has(code) || (code === '22P02' && /surrogate/iu.test(String((e as { message?: unknown }).message)))) {
      return invalid('UNSTORABLE_TEXT', 'a text value contains a character the database cannot hold (U+0000 or half of a surrogate pair); nothing was changed');
    }
  }
  return null;
}
