import fc from 'fast-check';
import { resolve, type JsonSchema } from './api-support.js';

/**
 * Request bodies that a route's own OpenAPI schema refuses, built from that schema: a plausible body
 * (examples, enums, minimal values) with one change that no variant of the schema allows. The bodies are
 * invalid by construction, so an admin sending them must never change anything.
 */

export interface BadBody {
  how: string;
  /** The raw request text (not always JSON). */
  text: string;
}

/** A plausible value for `schema`; for a oneOf, the first variant. */
export function plausible(doc: any, schema: JsonSchema, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return null;
  if (s.example !== undefined) return s.example;
  if (s.oneOf) return plausible(doc, s.oneOf[0], depth + 1);
  if (s.anyOf) return plausible(doc, s.anyOf[0], depth + 1);
  if (Array.isArray(s.enum)) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = plausible(doc, s.properties?.[key] ?? {}, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => plausible(doc, s.items ?? {}, depth + 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default:
      return null;
  }
}

const JSON_TYPES: Record<string, unknown> = { string: 'x', number: 1.5, boolean: true, null: null, array: [], object: {} };

/** JSON values whose type the property schema does not allow (none when it allows anything). */
function wrongTypes(doc: any, schema: JsonSchema): unknown[] {
  const s = resolve(doc, schema);
  const members = s.oneOf ?? s.anyOf ?? [s];
  const allowed = new Set<string>();
  for (const m of members.map((x: JsonSchema) => resolve(doc, x))) {
    if (m.type === undefined) return [];
    for (const t of [m.type].flat()) allowed.add(t === 'integer' ? 'integer' : t);
  }
  return Object.entries(JSON_TYPES)
    .filter(([t]) => !allowed.has(t) && !(t === 'number' && allowed.has('number')))
    .map(([, v]) => v);
}

/** The object variants of a body schema (one, or each member of a oneOf). */
function variants(doc: any, schema: JsonSchema): JsonSchema[] {
  const s = resolve(doc, schema);
  return (s.oneOf ?? [s]).map((v: JsonSchema) => resolve(doc, v));
}

/** One generator per kind of breakage the schema allows, so every route is tried with every kind. */
export function badBodies(doc: any, schema: JsonSchema): fc.Arbitrary<BadBody>[] {
  const seed = plausible(doc, schema) as Record<string, unknown>;
  const first = variants(doc, schema)[0]!;
  const props = Object.keys(first.properties ?? {});
  // A property is only a safe target for a wrong type when no variant accepts that type for it.
  const typeTargets = props.flatMap((p) => {
    const wrong = variants(doc, schema)
      .map((v) => (v.properties?.[p] ? wrongTypes(doc, v.properties[p]) : Object.values(JSON_TYPES)))
      .reduce((acc, w) => acc.filter((x) => w.some((y) => JSON.stringify(y) === JSON.stringify(x))));
    return wrong.length ? [{ p, wrong }] : [];
  });
  const required = (first.required ?? []) as string[];
  const longStrings = props.filter((p) => typeof resolve(doc, first.properties[p]).maxLength === 'number');
  const json = (how: string) => (v: unknown): BadBody => ({ how, text: JSON.stringify(v) });
  const unknownKey = fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !props.includes(k) && k !== '__proto__');

  const arbs: fc.Arbitrary<BadBody>[] = [
    fc.tuple(unknownKey, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => json('unknown field')({ ...seed, [k]: v })),
    fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map(json('body not an object')),
    fc.jsonValue({ maxDepth: 3 }).map((v) => json('random JSON')(isPlainObject(v) ? { ...v, '\u0000unknown': 1 } : v)),
    fc.tuple(fc.nat(), fc.string({ maxLength: 4 })).map(([cut, junk]) => {
      const text = JSON.stringify(seed);
      return { how: 'broken JSON', text: `${text.slice(0, cut % Math.max(1, text.length - 1))}${junk}{` };
    }),
    fc.integer({ min: 1000, max: 60_000 }).map((depth) => ({ how: 'deeply nested JSON', text: `{"zz_unknown":${'['.repeat(depth)}${']'.repeat(depth)}}` })),
  ];
  if (required.length) arbs.push(fc.constantFrom(...required).map((r) => json('required field missing')(omit(seed, r))));
  if (typeTargets.length) {
    arbs.push(
      fc.constantFrom(...typeTargets).chain(({ p, wrong }) => fc.constantFrom(...wrong).map((v) => json('field of the wrong type')({ ...seed, [p]: v }))),
    );
  }
  if (longStrings.length) {
    arbs.push(
      fc.constantFrom(...longStrings).map((p) => json('field over its length limit')({ ...seed, [p]: '长'.repeat(resolve(doc, first.properties[p]).maxLength + 1) })),
    );
  }
  return arbs;
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const out = { ...o };
  delete out[key];
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const MONEY = /\\d\{1,13\}\\\.\\d\{2\}/u;
const yuan = fc.oneof(
  fc.constantFrom('0.00', '0.01', '-0.01', '9999999999999.99', '-9999999999999.99', '500000.00', '1000000.00', '0000000000001.00'),
  fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999_999_999n })).map(([neg, fen]) => `${neg ? '-' : ''}${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`),
);
const dateLike = fc.oneof(
  fc.constantFrom('2026-01-01', '2026-02-29', '2026-02-30', '2024-02-29', '2026-12-31', '2027-03-01', '1900-01-01', '9999-12-31', '0000-00-00', '2026-1-1', ''),
  fc.date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.string({ maxLength: 12 }),
);

/**
 * Values that satisfy a schema's types, enums, bounds and the money pattern, with extreme values where the
 * schema leaves room: the largest amounts, many of them, dates far away and dates that do not exist.
 */
export function schemaValue(doc: any, schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return fc.constant(null);
  if (s.oneOf || s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf).map((m: JsonSchema) => schemaValue(doc, m, depth + 1)));
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const types = [s.type].flat().filter(Boolean) as string[];
  const type = types.find((t) => t !== 'null');
  const nullable = types.includes('null');
  let arb: fc.Arbitrary<unknown>;
  switch (type) {
    case 'object': {
      const props = s.properties ?? {};
      const required = new Set<string>(s.required ?? []);
      const entries = Object.keys(props).map((k) => [k, schemaValue(doc, props[k], depth + 1)] as const);
      arb = fc.record(Object.fromEntries(entries), { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
      break;
    }
    case 'array':
      arb = fc.array(schemaValue(doc, s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 12, 12) });
      break;
    case 'integer':
      arb = fc.integer({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 });
      break;
    case 'number':
      arb = fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'string':
      if (typeof s.pattern === 'string' && MONEY.test(s.pattern)) arb = yuan;
      else if (typeof s.pattern === 'string' && s.pattern.includes('\\d{4}-\\d{2}-\\d{2}')) arb = dateLike.filter((d) => new RegExp(s.pattern, 'u').test(d));
      else {
        const min = s.minLength ?? 0;
        const max = Math.min(s.maxLength ?? 40, 40);
        arb = fc.oneof(dateLike, fc.string({ minLength: min, maxLength: Math.max(min, max) })).filter((v) => v.length >= min && v.length <= (s.maxLength ?? Infinity));
      }
      break;
    default:
      arb = fc.jsonValue({ maxDepth: 1 });
  }
  return nullable ? fc.option(arb, { nil: null }) : arb;
}
