import { asc, getTableColumns, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { policyParameters } from '../../db/schema/index.js';
import { policyDigests } from './policy-digest.js';
import { ParameterSet, type ParameterChange, type ParameterValueData } from '../../rules/index.js';

/** An administrator's dated value as stored, in the order it was added. */
export interface StoredParameterValue extends ParameterChange {
  id: number;
  note: string;
  createdBy: string;
  createdAt: Date;
}

export interface ParameterState {
  /** The defaults with every stored value applied in the order added (for equal dates, the later wins). */
  set: ParameterSet;
  stored: StoredParameterValue[];
}

// Built once per process: the defaults are code, only the stored values change.
const DEFAULTS = ParameterSet.defaults();

/**
 * The last state built, by the digest of the stored values it was built from (policy-digest.ts). Every
 * call reads the digest and rebuilds only when it differs, so a value added by any process is used from
 * the very next call. Keyed by content rather than by handle, so a read inside a transaction finds it too.
 */
let last: { digest: string; state: ParameterState } | null = null;

export async function loadParameterState(db: Queryable): Promise<ParameterState> {
  const { parameters: digest } = await policyDigests(db);
  if (last && last.digest === digest) return last.state;
  // The value is read as JSON text and decoded here: the jsonb column's own decoding parses a string once
  // more, so a rate stored as the string "0.2" would come back as the number 0.2 and be refused.
  const rows = await db
    .select({ ...getTableColumns(policyParameters), valueJson: sql<string>`${policyParameters.value}::text` })
    .from(policyParameters)
    .orderBy(asc(policyParameters.id));

  const stored: StoredParameterValue[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    from: r.validFrom,
    value: JSON.parse(r.valueJson) as ParameterValueData,
    note: r.note,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  }));
  // A stored value the definitions no longer accept throws here: deciding with it silently dropped
  // would apply a rule the administrator replaced.
  const state: ParameterState = { set: DEFAULTS.withChanges(stored), stored };
  // Kept only when nothing was committed between the two reads, so the digest names these very rows.
  if ((await policyDigests(db)).parameters === digest) last = { digest, state };
  return state;
}

/** The policy parameters in force: defaults plus every value an administrator added. Immutable. */
export async function loadParameterSet(db: Queryable): Promise<ParameterSet> {
  return (await loadParameterState(db)).set;
}
