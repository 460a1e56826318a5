import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.js';
import { applicationTransitions, applications, decisions } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan } from '../../domain/money.js';
import { decide, decideComputeSubsidy, EvaluateFacts, renderDecision, type Decision, type RuleDecision } from '../../rules/index.js';
import type { PreviousAward } from '../../rules/facts.js';
import type { ParameterSet } from '../../rules/parameters/parameter-set.js';
import { shanghaiDate } from '../policy/today.js';
import { AWARDED_STATES, type AwardKind } from '../../workflow/index.js';
import type { DeclaredFacts } from './application-input.js';
import { loadApplicantFacts } from './applicant-facts.js';
import { alreadyAwarded, claimPurchases, syncFrozenInvoices } from './compute-claim.js';

export type DecisionStage = 'submission' | 'resubmission' | 'city_review' | 'provincial_review' | 'red_invoice';

export interface EvaluationSubject {
  id: string;
  type: AwardKind;
  uscc: string;
  year: number;
  /** The submission date: it judges the policy window and the fraud ban. */
  appliedOn: string;
  facts: DeclaredFacts;
}

export interface Evaluation {
  decision: RuleDecision;
  rendered: Decision;
  decisionId: string;
  asOf: string;
}

/**
 * The one-time awards (二(二), 二(三), 二(四)) the applicant already received of this type, with the day each
 * was granted: the rules refuse a repeat for the same subject.
 */
async function previousAwards(db: Queryable, app: EvaluationSubject): Promise<PreviousAward[]> {
  if (app.type !== 'product' && app.type !== 'platform' && app.type !== 'enterprise') return [];
  const rows = await db
    .select({ facts: applications.facts, grantedAt: applicationTransitions.createdAt })
    .from(applications)
    .innerJoin(applicationTransitions, and(eq(applicationTransitions.applicationId, applications.id), eq(applicationTransitions.event, 'grant')))
    .where(and(eq(applications.uscc, app.uscc), eq(applications.type, app.type), inArray(applications.status, [...AWARDED_STATES]), ne(applications.id, app.id)));
  return rows.map((r) => ({ name: (r.facts as DeclaredFacts).name ?? null, awardedOn: shanghaiDate(r.grantedAt) }));
}

/**
 * Decides an application with the rule modules as of `asOf` — the same `decide` the calculator runs, over
 * the facts stored for it — and stores the decision with its stage, so every evaluation (submission, each
 * review) stays on record with the day it used. Credit listings and fraud findings are read fresh each
 * time; the policy window and the fraud ban are judged on the submission date.
 */
export async function evaluateApplication(
  tx: Tx,
  app: EvaluationSubject,
  opts: { params: ParameterSet; asOf: string; stage: DecisionStage; actor: string; claim?: 'open' | 'settled' },
): Promise<Evaluation> {
  const { params, asOf } = opts;
  const members = app.facts.consortium ?? [];
  const units = await loadApplicantFacts(tx, [app.uscc, ...members]);
  const applicant = units.get(app.uscc)!;
  const common = { asOf, appliedOn: app.appliedOn, applicant };
  let decision: RuleDecision;
  if (app.type === 'compute_subsidy') {
    const purchases = await claimPurchases(tx, app, opts.claim ?? 'open');
    const facts = EvaluateFacts.parse({
      type: 'compute_subsidy',
      ...common,
      year: app.year,
      purchases: purchases.map((p) => p.facts),
      alreadyAwarded: formatYuan(await alreadyAwarded(tx, app)),
    });
    const { spend, ...rest } = decideComputeSubsidy(facts as Extract<EvaluateFacts, { type: 'compute_subsidy' }>, params);
    decision = rest;
    await syncFrozenInvoices(tx, app, purchases, spend, { params, asOf });
  } else {
    const f = app.facts;
    const investment = {
      consortium: members,
      participants: members.map((m) => units.get(m)!),
      ...(f.exceptionRequested !== undefined ? { exceptionRequested: f.exceptionRequested } : {}),
      exceptionJustified: f.exception?.justified ?? false,
      ...(f.exception?.justified ? { exceptionRecordedBy: f.exception.byName, exceptionReason: f.exception.reason } : {}),
    };
    const named = f.name !== undefined ? { name: f.name } : {};
    const facts = EvaluateFacts.parse({
      type: app.type,
      ...common,
      ...(f.tier !== undefined ? { tier: f.tier } : {}),
      ...(app.type === 'vertical_model' ? { totalInvestment: f.totalInvestment, ...investment } : {}),
      ...(app.type === 'platform' ? { investment: f.investment, ...named, ...investment } : {}),
      ...(app.type === 'product' ? named : {}),
      ...(app.type === 'product' || app.type === 'platform' || app.type === 'enterprise' ? { previousAwards: await previousAwards(tx, app) } : {}),
    });
    decision = decide(facts, params);
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
export function subjectOf(
  row: { id: string; type: string; uscc: string; year: number; appliedOn: string; facts: unknown },
  facts?: DeclaredFacts,
): EvaluationSubject {
  return { id: row.id, type: row.type as AwardKind, uscc: row.uscc, year: row.year, appliedOn: row.appliedOn, facts: facts ?? (row.facts as DeclaredFacts) };
}
