/** The rule engine's public surface: facts in, a decision out, parameters as data. */
export { evaluate, decide } from './evaluate.js';
export { EvaluateFacts, type EvaluateFactsInput, type AwardType } from './facts.js';
export { Decision, renderDecision, type RuleDecision } from './decision.js';
export { computeSpendPosition, decideComputeSubsidy, type ComputeSpendPosition } from './compute-subsidy.js';
export { scaleToBudget, truncatedDecimal, type BudgetScaling, type AwardToScale, type ScaledAward } from './budget-scaling.js';
export { route, isListingActive, isBannedOn, fraudBanEndsOn } from './general.js';
export { REASON_CODES, BLOCKING_CODES, EXCLUSION_CODES, type ReasonCode } from './reasons.js';
export * from './parameters/index.js';
export { citedClauses, clauseAnchor, clauseById, policyClauses, policyPreamble, type Clause } from './clauses.js';
export { POLICY_TEXT, POLICY_TITLE } from './policy-text.js';
