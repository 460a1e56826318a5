import type { Tx } from '../../db/client.js';
import { decisions } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan } from '../../domain/money.js';
import { decide, decideComputeSubsidy, EvaluateFacts, renderDecision, type Decision, type RuleDecision } from '../../rules/index.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import type { AwardKind } from '../../workflow/index.js';
import type { DeclaredFacts } from './application-input.js';
import { loadApplicantFacts } from './applicant-facts.js';
import { alreadyAwarded, claimPurchases, syncFrozenInvoices } from './compute-claim.js';
import { withConsortiumChecks } from './consortium.js';

export type DecisionStage = 'submission' | 'resubmission' | 'city_review' | 'provincial_review' | 'red_invoice';

export interface EvaluationSubject {
  id: string;
  type: AwardKind;
  uscc: string;
  year: number;
  facts: DeclaredFacts;
}

export interface Evaluation {
  decision: RuleDecision;
  rendered: Decision;
  decisionId: string;
  asOf: string;
}

/**
 * Decides an application with the rule modules as of `asOf` and stores the decision with its stage, so
 * every evaluation (submission, each review) stays on record with the day it used. Credit listings and
 * fraud findings are read fresh each time: a listing may appear between submission and review.
 */
export async function evaluateApplication(
  tx: Tx,
  app: EvaluationSubject,
  opts: { params: ParameterSet; asOf: string; stage: DecisionStage; actor: string; claim?: 'fresh' | 'frozen' },
): Promise<Evaluation> {
  const { params, asOf } = opts;
  const members = app.facts.consortium ?? [];
  const units = await loadApplicantFacts(tx, [app.uscc, ...members]);
  const applicant = units.get(app.uscc)!;
  let decision: RuleDecision;
  if (app.type === 'compute_subsidy') {
    const purchases = await claimPurchases(tx, app, opts.claim ?? 'frozen');
    const facts = EvaluateFacts.parse({
      type: 'compute_subsidy',
      asOf,
      year: app.year,
      applicant,
      purchases: purchases.map((p) => p.facts),
      alreadyAwarded: formatYuan(await alreadyAwarded(tx, app)),
    });
    const { spend, ...rest } = decideComputeSubsidy(facts as Extract<EvaluateFacts, { type: 'compute_subsidy' }>, params);
    decision = rest;
    await syncFrozenInvoices(tx, app.id, purchases, spend);
  } else {
    const f = app.facts;
    const facts = EvaluateFacts.parse({
      type: app.type,
      asOf,
      applicant,
      ...(f.tier !== undefined ? { tier: f.tier } : {}),
      ...(app.type === 'vertical_model' ? { totalInvestment: f.totalInvestment, consortium: members, exceptionJustified: f.exceptionJustified ?? false } : {}),
      ...(app.type === 'platform' ? { investment: f.investment, consortium: members, exceptionJustified: f.exceptionJustified ?? false } : {}),
    });
    decision = decide(facts, params);
    decision = withConsortiumChecks(decision, app.type, asOf, members.map((m) => units.get(m)!), params);
  }
  const rendered = renderDecision(decision);
  const decisionId = newId('dec');
  await tx.insert(decisions).values({
    id: decisionId,
    applicationId: app.id,
    stage: opts.stage,
    asOf,
    decision: rendered,
    amount: decision.amount,
    eligible: decision.eligible,
    actor: opts.actor,
  });
  return { decision, rendered, decisionId, asOf };
}

/** What an audit event shows of a decision: enough to see the money and why, without the full trace. */
export function decisionSummary(e: Evaluation) {
  return {
    decisionId: e.decisionId,
    asOf: e.asOf,
    eligible: e.rendered.eligible,
    amount: e.rendered.amount,
    installments: e.rendered.installments,
    reasons: e.rendered.reasons.map((r) => r.code),
  };
}

/** The application as the evaluator reads it, optionally with changed declared facts. */
export function subjectOf(row: { id: string; type: string; uscc: string; year: number; facts: unknown }, facts?: DeclaredFacts): EvaluationSubject {
  return { id: row.id, type: row.type as AwardKind, uscc: row.uscc, year: row.year, facts: facts ?? (row.facts as DeclaredFacts) };
}
