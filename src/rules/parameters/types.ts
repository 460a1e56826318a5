import { isValidDate } from '../../domain/dates.js';

/**
 * Policy parameters are data, the way OpenFisca keeps them: a name, a unit, the clause of
 * 闽工信规〔2026〕1号 the value comes from, a note saying why (for decisions the text leaves open),
 * and dated values. The value in force on a day is the one with the latest `from` on or before it,
 * so a change never rewrites how an earlier decision was made.
 */
export const PARAMETER_UNITS = [
  'fen', // integer fen (JSON number)
  'rate', // decimal string, "0.5"; kept a string so it stays an exact fraction
  'date', // YYYY-MM-DD
  'count',
  'working_days',
  'years',
  'months',
  'boolean',
  'enum', // one string of `allowed`
  'list', // strings, each of `allowed` when given
] as const;
export type ParameterUnit = (typeof PARAMETER_UNITS)[number];

export type ParameterValueData = number | string | boolean | string[];

export interface DatedValue {
  /** First day (inclusive) this value is in force. */
  from: string;
  value: ParameterValueData;
}

export interface ParameterDefinition {
  name: string;
  unit: ParameterUnit;
  /** Clause(s) of the policy text, e.g. "二(五)", or "—" for a pure implementation decision. */
  clause: string;
  note: string;
  /** Allowed strings for `enum` and `list` units. */
  allowed?: readonly string[];
  values: DatedValue[];
}

/** A parameter as read on a day: what a trace records so the step can be redone by hand. */
export interface ParameterValue<V extends ParameterValueData = ParameterValueData> {
  name: string;
  value: V;
  from: string;
  unit: ParameterUnit;
  clause: string;
}

const RATE = /^(0|1)(\.\d{1,12})?$/;

function isWholeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Why `value` cannot be a value of this parameter, or null when it can. */
export function valueProblem(def: Pick<ParameterDefinition, 'unit' | 'allowed'>, value: unknown): string | null {
  switch (def.unit) {
    case 'fen':
      return isWholeNumber(value) ? null : 'must be a whole, non-negative number of fen';
    case 'rate':
      if (typeof value !== 'string' || !RATE.test(value)) return 'must be a decimal string such as "0.5"';
      return value.startsWith('1') && /[1-9]/.test(value.slice(1)) ? 'must not exceed 1' : null;
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? null : 'must be a YYYY-MM-DD date';
    case 'count':
    case 'working_days':
    case 'years':
    case 'months':
      return isWholeNumber(value) ? null : 'must be a whole, non-negative number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'enum':
      if (typeof value !== 'string') return 'must be a string';
      return !def.allowed || def.allowed.includes(value) ? null : `must be one of ${def.allowed.join(', ')}`;
    case 'list':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'must be a list of strings';
      if (new Set(value).size !== value.length) return 'must not repeat an entry';
      if (def.allowed) {
        const bad = value.filter((v) => !def.allowed!.includes(v));
        if (bad.length > 0) return `has entries outside ${def.allowed.join(', ')}: ${bad.join(', ')}`;
      }
      return null;
  }
}

export function datedValueProblem(def: ParameterDefinition, dated: DatedValue): string | null {
  if (!isValidDate(dated.from)) return '`from` must be a YYYY-MM-DD date';
  const problem = valueProblem(def, dated.value);
  return problem === null ? null : `${def.name} ${problem}`;
}
