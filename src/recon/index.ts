import { checkDuplicates, checkGroups } from './checks.js';
import { groupExact } from './components.js';
import { applyDecisions, rejectedPairs } from './decisions.js';
import { linkExact, type ExactLinks } from './exact.js';
import { resolveDecisions, resolveParams } from './params.js';
import { propose } from './proposals.js';
import { addUnmatched, assemble } from './outcomes.js';
import { ReconState } from './state.js';
import { ReconResult } from './result.js';
import type { LapsedDecision, ReconDecisions, ReconInput, ReconInvoice, ReconLine, ReconParams } from './types.js';

export * from './types.js';
export { ReconResult } from './result.js';
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

interface Started {
  s: ReconState;
  links: ExactLinks;
  lapsedDecisions: LapsedDecision[];
}

/** Decisions and the exact-key pass on records in id order, or null when they are not in id order. */
function start(invoices: readonly ReconInvoice[], lines: readonly ReconLine[], providers: ReadonlySet<string>, params: ReconParams, decisions: ReconDecisions): Started | null {
  // Decided groups look their lines up by id, so their order must be known before they apply; without
  // them the exact-key pass checks the order on the read of every line it makes anyway.
  const decidesLines = decisions.manual.length > 0 || decisions.confirmed.length > 0;
  const s = ReconState.build(invoices, lines, providers, params, decidesLines);
  if (s === null) return null;
  const lapsedDecisions = applyDecisions(s, decisions);
  const links = linkExact(s);
  return links === null ? null : { s, links, lapsedDecisions };
}

/**
 * The engine works on records in id order. Input that already arrives so (as an ORDER BY gives it) is
 * checked on the passes that read it anyway and never copied; anything else is sorted first.
 */
function started(input: ReconInput, params: ReconParams, decisions: ReconDecisions): Started {
  const providers = new Set(input.providers);
  return (
    start(input.invoices, input.lines, providers, params, decisions) ??
    start(sortedById(input.invoices, 'invoice'), sortedById(input.lines, 'line'), providers, params, decisions)!
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
  const { s, links, lapsedDecisions } = started(input, params, decisions);
  groupExact(s, links);
  propose(s, links.open, rejectedPairs(decisions));
  s.groups.seal(s.invGroup, s.lineGroup);

  checkGroups(s, s.items);
  checkDuplicates(s);
  addUnmatched(s, links);

  return new ReconResult(s.breaks, lapsedDecisions, s, assemble(s, s.items));
}
