import { checkDuplicates, checkGroups, checkLineDates, checkSellers } from './checks.js';
import { groupExact } from './components.js';
import { applyDecisions, rejectedPairs } from './decisions.js';
import { linkExact } from './exact.js';
import { resolveDecisions, resolveParams } from './params.js';
import { propose } from './proposals.js';
import { addUnmatched, assemble } from './outcomes.js';
import { ItemClassifier } from './service-type.js';
import { ReconState } from './state.js';
import type { ReconInput, ReconResult } from './types.js';

export * from './types.js';
export { DEFAULT_RECON_PARAMS, ReconParamError } from './params.js';
export { proposalScore } from './proposals.js';
export { lineOutcomes } from './line-outcomes.js';
export { ItemClassifier, type ItemsVerdict } from './service-type.js';

export class ReconInputError extends Error {
  override name = 'ReconInputError';
}

function strictlyAscending<T extends { id: string | number }>(list: readonly T[]): boolean {
  for (let k = 1; k < list.length; k++) if (!(list[k - 1]!.id < list[k]!.id)) return false;
  return true;
}

/**
 * The records in id order. Input that already arrives in id order (as an ORDER BY gives it) costs one
 * linear check and no copy. Equal ids are an input error: records must be distinct.
 */
function inIdOrder<T extends { id: string | number }>(list: readonly T[], what: string): readonly T[] {
  if (strictlyAscending(list)) return list;
  const out = list.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let k = 1; k < out.length; k++) if (out[k]!.id === out[k - 1]!.id) throw new ReconInputError(`${what} id ${out[k]!.id} appears twice`);
  return out;
}

/**
 * Matches invoices with provider statement lines and explains every difference. Pure: the same input gives
 * the same result whatever the order of its lists, and feeding the result's decisions back changes nothing.
 *
 * Order of work: finance's decisions; exact keys (with one-to-many, many-to-one and red offsets);
 * proposals for lines without an invoice number; checks on what was matched; unmatched records.
 */
export function reconcile(input: ReconInput): ReconResult {
  const params = resolveParams(input.params);
  const decisions = resolveDecisions(input.decisions);
  const s = new ReconState(inIdOrder(input.invoices, 'invoice'), inIdOrder(input.lines, 'line'), new Set(input.providers), params);
  const items = new ItemClassifier(params.serviceKeywords);

  const lapsedDecisions = applyDecisions(s, decisions);
  const links = linkExact(s);
  groupExact(s, links);
  propose(s, rejectedPairs(decisions));
  s.groups.seal(s.invGroup, s.lineGroup);

  checkGroups(s, items);
  checkLineDates(s);
  checkSellers(s);
  checkDuplicates(s);
  const codes = addUnmatched(s, links);

  return { ...assemble(s, items, codes), lapsedDecisions };
}
