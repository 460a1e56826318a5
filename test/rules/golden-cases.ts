import { readdirSync, readFileSync } from 'node:fs';
import { completeUscc } from '../../src/domain/uscc.js';

/**
 * Golden files: `{ description, base, purchaseDefaults?, cases: [{ name, clause, facts, parameterChanges?, expect }] }`.
 * A case's facts are laid over `base` (the applicant object merged field by field), each purchase over
 * `purchaseDefaults` (netAmount defaults to amount). Strings "@uscc:<16 chars>" become a valid USCC
 * built with `completeUscc`; "@bad-uscc:<16 chars>" the same code with a wrong check character.
 */
export interface GoldenExpect {
  eligible: boolean;
  amount: string;
  /** Reason codes, compared as a sorted list. */
  reasons: string[];
  fundingSource?: string | null;
  office?: string | null;
  installments?: { on: string; amount: string }[];
  /** Trace steps (clause + step name) that must be present. */
  traceSteps?: { clause: string; step: string }[];
}

export interface GoldenCase {
  file: string;
  name: string;
  clause: string;
  facts: Record<string, unknown>;
  parameterChanges: { name: string; from: string; value: unknown }[];
  expect: GoldenExpect;
}

type Obj = Record<string, unknown>;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function expandUscc(value: unknown): unknown {
  if (typeof value === 'string') {
    const good = /^@uscc:(.{16})$/.exec(value);
    if (good) return completeUscc(good[1]!);
    const bad = /^@bad-uscc:(.{16})$/.exec(value);
    if (bad) {
      const valid = completeUscc(bad[1]!);
      const wrong = ALPHABET[(ALPHABET.indexOf(valid[17]!) + 1) % ALPHABET.length]!;
      return valid.slice(0, 17) + wrong;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(expandUscc);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandUscc(v)]));
  }
  return value;
}

function mergeFacts(base: Obj, facts: Obj, purchaseDefaults: Obj): Obj {
  const merged: Obj = { ...base, ...facts };
  if (base.applicant || facts.applicant) merged.applicant = { ...(base.applicant as Obj), ...(facts.applicant as Obj) };
  if (Array.isArray(merged.purchases)) {
    merged.purchases = (merged.purchases as Obj[]).map((p) => {
      const full = { ...purchaseDefaults, ...p };
      return 'netAmount' in full ? full : { ...full, netAmount: full.amount };
    });
  }
  return merged;
}

export const GOLDEN_DIR = new URL('./golden/', import.meta.url);

export function loadGoldenCases(): GoldenCase[] {
  const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json')).sort();
  return files.flatMap((file) => {
    const doc = JSON.parse(readFileSync(new URL(file, GOLDEN_DIR), 'utf8')) as Obj;
    const base = (doc.base ?? {}) as Obj;
    const purchaseDefaults = (doc.purchaseDefaults ?? {}) as Obj;
    return (doc.cases as Obj[]).map((c) => ({
      file,
      name: String(c.name),
      clause: String(c.clause),
      facts: expandUscc(mergeFacts(base, (c.facts ?? {}) as Obj, purchaseDefaults)) as Obj,
      parameterChanges: (c.parameterChanges ?? []) as GoldenCase['parameterChanges'],
      expect: c.expect as GoldenExpect,
    }));
  });
}
