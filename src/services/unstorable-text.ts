import { invalid, type ServiceError } from './errors.js';

/**
 * SQLSTATEs of a value PostgreSQL's text cannot hold: U+0000 in a text value (22021) or escaped in JSON
 * (22P05); half of a surrogate pair escaped in JSON is 22P02, which names it.
 */
const UNSTORABLE = new Set(['22021', '22P05']);

/**
 * The refusal for a write that failed on such a character (a NUL in a name, a form field, a CSV cell), found
 * on the error or its causes; null for any other error. The transaction it failed in stored nothing.
 */
export function unstorableTextRefusal(err: unknown): ServiceError | null {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (UNSTORABLE.has(code) || (code === '22P02' && /surrogate/iu.test(String((e as { message?: unknown }).message)))) {
      return invalid('UNSTORABLE_TEXT', 'a text value contains a character that cannot be stored (U+0000 or half of a surrogate pair); nothing was saved');
    }
  }
  return null;
}
