import { checkDuplicates, checkGroups } from './checks.js';
import { groupExact } from './components.js';
import { applyDecisions, rejectedPairs } from './decisions.js';
import { linkExact } from './exact.js';
import { resolveDecisions, resolveParams } from './params.js';
import { propose } from './proposals.js';
import { addUnmatched, assemble } from './outcomes.js';
import { ReconState } from './state.js';
import type { ReconInput, ReconParams, ReconResult } from './types.js';

export * from './types.js';
export { DEFAULT_RECON_PARAMS, ReconParamError } from './params.js';
export { proposalScore } from './proposals.js';
export { lineOutcomes } from './line-outcomes.js';
export {
  DEFAULT_FRAUD_PARAMS,
  consecutiveNumberSignals,
  detectFraudSignals,
  redAfterPayoutSignals,
  relatedPartySignals,
  sharedInvoiceSignals,
  type FraudInput,
  type FraudInvoice,
  type FraudParams,
  type FraudSignal,
  type FraudSignalKind,
  type PaidClaim,
  type RelatedPair,
} from './fraud-signals.js';
export { ItemClassifier, type ItemsVerdict } from './service-type.js';

export class ReconInputError extends Error {
  override name = 'ReconInputError';
}

/** A sorted copy by id. Equal ids are an input error: records must be distinct. */
function sortedById<T extends { id: string | number }>(list: readonly T[], what: string): T[] {
  const out = list.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let k = 1; k < out.length; k++) if (out[k]!.id === out[k - 1]!.id) throw new ReconInputError(`${what} id ${out[k]!.id} appears twice`);
  return out;
}

/**
 * The engine works on records in id order. Input that already arrives so (as an ORDER BY gives it) is
 * checked on the pass that reads it anyway and never copied; anything else is sorted first.
 */
function stateFor(input: ReconInput, params: ReconParams): ReconState {
  const providers = new Set(input.providers);
  return (
    ReconState.build(input.invoices, input.lines, providers, params) ??
    ReconState.build(sortedById(input.invoices, 'invoice'), sortedById(input.lines, 'line'), providers, params)!
  );
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
  const s = stateFor(input, params);

  const lapsedDecisions = applyDecisions(s, decisions);
  const links = linkExact(s);
  groupExact(s, links);
  propose(s, links.open, rejectedPairs(decisions));
  s.groups.seal(s.invGroup, s.lineGroup);

  checkGroups(s, s.items);
  checkDuplicates(s);
  addUnmatched(s, links);

  return { ...assemble(s, s.items), lapsedDecisions };
}
