import { compareDates, type IsoDate } from '../../domain/dates.js';
import { DEFAULT_PARAMETERS, ParameterError, type ParameterDefinition, type ParameterValueData } from '../../rules/index.js';
import type { ParameterState } from './parameter-state.js';

export interface ParameterHistoryEntry {
  from: IsoDate;
  value: ParameterValueData;
  source: 'default' | 'admin';
  /** Why an administrator added it; null for a default (the parameter's own note explains those). */
  note: string | null;
  addedBy: string | null;
  addedAt: string | null;
}

export interface ParameterDetail {
  name: string;
  unit: ParameterDefinition['unit'];
  clause: string;
  note: string;
  allowed?: string[];
  inForce: { on: IsoDate; from: IsoDate; value: ParameterValueData } | null;
  values: ParameterHistoryEntry[];
}

const DEFAULTS_BY_NAME = new Map(DEFAULT_PARAMETERS.map((d) => [d.name, d]));

/**
 * The full history of one parameter, oldest first. For entries with the same `from`, the later in
 * the list is the one in force (the defaults first, then administrators' values in the order added),
 * exactly as the rule modules read them.
 */
export function parameterDetail(state: ParameterState, name: string, on: IsoDate): ParameterDetail {
  const def = state.set.definition(name);
  const defaults: ParameterHistoryEntry[] = (DEFAULTS_BY_NAME.get(name)?.values ?? []).map((v) => ({
    from: v.from,
    value: v.value,
    source: 'default',
    note: null,
    addedBy: null,
    addedAt: null,
  }));
  const added: ParameterHistoryEntry[] = state.stored
    .filter((s) => s.name === name)
    .map((s) => ({
      from: s.from,
      value: s.value,
      source: 'admin',
      note: s.note === '' ? null : s.note,
      addedBy: s.createdBy,
      addedAt: s.createdAt.toISOString(),
    }));
  // Array sort is stable, so equal dates keep defaults-then-added order.
  const values = [...defaults, ...added].sort((a, b) => compareDates(a.from, b.from));

  const detail: ParameterDetail = {
    name: def.name,
    unit: def.unit,
    clause: def.clause,
    note: def.note,
    inForce: inForceOn(state, name, on),
    values,
  };
  if (def.allowed) detail.allowed = [...def.allowed];
  return detail;
}

function inForceOn(state: ParameterState, name: string, on: IsoDate): ParameterDetail['inForce'] {
  try {
    const pv = state.set.at(name, on);
    return { on, from: pv.from, value: pv.value };
  } catch (err) {
    // Before the parameter's first value (e.g. a day before the policy was issued) nothing is in force.
    if (err instanceof ParameterError && err.code === 'PARAMETER_NOT_IN_FORCE') return null;
    throw err;
  }
}
