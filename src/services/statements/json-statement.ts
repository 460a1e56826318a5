import { malformed, invalid, type FieldError } from '../errors.js';
import { MAX_LINES } from './statement-input.js';
import { tooManyLines, type RawStatement } from './validate-statement.js';

const TOP_LEVEL = new Set(['periodStart', 'periodEnd', 'lines']);

/** A JSON statement body as raw lines; the lines themselves are checked one by one afterwards. */
export function jsonStatement(text: string): RawStatement {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformed('the body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw notTheSchema([{ path: '(body)', message: 'must be an object { periodStart, periodEnd, lines }' }]);
  }
  const obj = body as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !TOP_LEVEL.has(k));
  if (unknown.length > 0) throw notTheSchema([{ path: '(body)', message: `unknown field(s): ${unknown.join(', ')}` }]);
  if (!Array.isArray(obj.lines)) throw notTheSchema([{ path: 'lines', message: 'must be an array of lines' }]);
  if (obj.lines.length > MAX_LINES) throw tooManyLines(obj.lines.length);
  return {
    periodStart: obj.periodStart,
    periodEnd: obj.periodEnd,
    lines: obj.lines,
    source: 'json',
    lineLabel: (i) => `lines[${i}]`,
  };
}

const notTheSchema = (errors: FieldError[]) => invalid('VALIDATION_FAILED', 'the request does not match the schema', errors);
