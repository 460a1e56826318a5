import { compareDates, isValidDate, toDayNumber } from '../../domain/dates.js';
import { DEFAULT_PARAMETERS } from './defaults.js';
import {
  datedValueProblem,
  type DatedValue,
  type ParameterDefinition,
  type ParameterUnit,
  type ParameterValue,
  type ParameterValueData,
} from './types.js';

export class ParameterError extends Error {
  override name = 'ParameterError';
  constructor(
    readonly code: 'UNKNOWN_PARAMETER' | 'PARAMETER_NOT_IN_FORCE' | 'INVALID_PARAMETER_VALUE' | 'PARAMETER_UNIT_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

/** A dated value added after the defaults (by an administrator), applied on top of them. */
export interface ParameterChange extends DatedValue {
  name: string;
}

/**
 * An immutable set of parameter definitions with their dated values. Extending it returns a new set,
 * so a decision computed with one set can never be changed by a later admin edit.
 */
export class ParameterSet {
  private readonly defs: ReadonlyMap<string, ParameterDefinition>;
  /** Each value's `from` as a day number, in the order of `values`: a decision reads dozens of values. */
  private readonly fromDays: ReadonlyMap<string, readonly number[]>;

  constructor(definitions: readonly ParameterDefinition[]) {
    const defs = new Map<string, ParameterDefinition>();
    for (const def of definitions) {
      if (defs.has(def.name)) throw new ParameterError('INVALID_PARAMETER_VALUE', `parameter ${def.name} defined twice`);
      for (const v of def.values) {
        const problem = datedValueProblem(def, v);
        if (problem) throw new ParameterError('INVALID_PARAMETER_VALUE', problem);
      }
      // Sorted by `from`; for equal dates the later entry wins, which is how a correction is made.
      const values = [...def.values].sort((a, b) => compareDates(a.from, b.from));
      defs.set(def.name, { ...def, values });
    }
    this.defs = defs;
    this.fromDays = new Map([...defs.values()].map((d) => [d.name, d.values.map((v) => toDayNumber(v.from))]));
  }

  static defaults(): ParameterSet {
    return new ParameterSet(DEFAULT_PARAMETERS);
  }

  /** Checks one change without applying it; returns the problem, or null when it is acceptable. */
  problemWith(change: ParameterChange): string | null {
    const def = this.defs.get(change.name);
    if (!def) return `unknown parameter ${JSON.stringify(change.name)}`;
    return datedValueProblem(def, change);
  }

  /** A new set with the changes appended, in order, to their parameters' histories. */
  withChanges(changes: readonly ParameterChange[]): ParameterSet {
    const byName = new Map<string, DatedValue[]>();
    for (const change of changes) {
      const problem = this.problemWith(change);
      if (problem) {
        const code = this.defs.has(change.name) ? 'INVALID_PARAMETER_VALUE' : 'UNKNOWN_PARAMETER';
        throw new ParameterError(code, problem);
      }
      const list = byName.get(change.name) ?? [];
      list.push({ from: change.from, value: change.value });
      byName.set(change.name, list);
    }
    return new ParameterSet(
      [...this.defs.values()].map((def) => ({ ...def, values: [...def.values, ...(byName.get(def.name) ?? [])] })),
    );
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  definitions(): ParameterDefinition[] {
    return [...this.defs.values()].map((d) => ({ ...d, values: d.values.map((v) => ({ ...v })) }));
  }

  definition(name: string): ParameterDefinition {
    const def = this.defs.get(name);
    if (!def) throw new ParameterError('UNKNOWN_PARAMETER', `unknown parameter ${JSON.stringify(name)}`);
    return def;
  }

  /** The value in force on `asOf`: the one with the latest `from` ≤ asOf. */
  at(name: string, asOf: string): ParameterValue {
    if (!isValidDate(asOf)) throw new ParameterError('PARAMETER_NOT_IN_FORCE', `not a date: ${JSON.stringify(asOf)}`);
    const def = this.definition(name);
    const day = toDayNumber(asOf);
    const days = this.fromDays.get(name)!;
    let found: DatedValue | undefined;
    for (let i = 0; i < days.length; i++) if (days[i]! <= day) found = def.values[i];
    if (!found) {
      throw new ParameterError('PARAMETER_NOT_IN_FORCE', `parameter ${name} has no value in force on ${asOf}`);
    }
    return { name, value: found.value, from: found.from, unit: def.unit, clause: def.clause };
  }

  // The set is immutable, so the day is found once: every decision and position asks for it.
  private firstDay: string | undefined;

  /** The earliest day on which every parameter has a value. */
  firstDayAllInForce(): string {
    if (this.firstDay !== undefined) return this.firstDay;
    let first = '0001-01-01';
    for (const def of this.defs.values()) {
      const earliest = def.values[0]?.from;
      if (earliest === undefined) return (this.firstDay = '9999-12-31');
      if (compareDates(earliest, first) > 0) first = earliest;
    }
    return (this.firstDay = first);
  }

  // Typed reads: each checks the unit so a mistyped admin value fails loudly, not as NaN.
  fen(name: string, asOf: string): ParameterValue<number> {
    return this.typed(name, asOf, ['fen'], (v): v is number => typeof v === 'number');
  }
  whole(name: string, asOf: string): ParameterValue<number> {
    const units: ParameterUnit[] = ['count', 'working_days', 'years', 'months'];
    return this.typed(name, asOf, units, (v): v is number => typeof v === 'number');
  }
  rate(name: string, asOf: string): ParameterValue<string> {
    return this.typed(name, asOf, ['rate'], (v): v is string => typeof v === 'string');
  }
  date(name: string, asOf: string): ParameterValue<string> {
    return this.typed(name, asOf, ['date'], (v): v is string => typeof v === 'string');
  }
  choice(name: string, asOf: string): ParameterValue<string> {
    return this.typed(name, asOf, ['enum'], (v): v is string => typeof v === 'string');
  }
  flag(name: string, asOf: string): ParameterValue<boolean> {
    return this.typed(name, asOf, ['boolean'], (v): v is boolean => typeof v === 'boolean');
  }
  list(name: string, asOf: string): ParameterValue<string[]> {
    return this.typed(name, asOf, ['list'], (v): v is string[] => Array.isArray(v));
  }

  private typed<V extends ParameterValueData>(
    name: string,
    asOf: string,
    units: ParameterUnit[],
    guard: (v: ParameterValueData) => v is V,
  ): ParameterValue<V> {
    const pv = this.at(name, asOf);
    if (!units.includes(pv.unit) || !guard(pv.value)) {
      throw new ParameterError('PARAMETER_UNIT_MISMATCH', `parameter ${name} is ${pv.unit}, read as ${units.join('/')}`);
    }
    return pv as ParameterValue<V>;
  }
}
