import { invalid } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import type { DeclaredFacts, ResubmitInput } from './application-input.js';
import { visibleApplication } from './access.js';
import { applicationView } from './application-view.js';
import { decisionSummary, evaluateApplication, subjectOf } from './evaluate-application.js';
import { assertRevision, assertTransition, moveApplication } from './move-application.js';
import { applicationExists, checkConsortiumCodes, refuseAtSubmission } from './submit-application.js';
import { subjectKey } from '../../domain/subject.js';
import { isUniqueViolation } from '../policy/unique-violation.js';

const FIELDS_BY_TYPE: Record<string, readonly (keyof DeclaredFacts)[]> = {
  compute_subsidy: [],
  product: ['name'],
  enterprise: ['tier'],
  vertical_model: ['tier', 'totalInvestment', 'consortium', 'exceptionRequested'],
  platform: ['tier', 'investment', 'consortium', 'name', 'exceptionRequested'],
};

/** The declared facts after the applicant's changes; a field the award type does not have is 422. */
export function changedFacts(type: string, facts: DeclaredFacts, input: ResubmitInput): DeclaredFacts {
  const allowed = FIELDS_BY_TYPE[type] ?? [];
  const { note: _note, ...changes } = input;
  const errors = Object.keys(changes)
    .filter((k) => !allowed.includes(k as keyof DeclaredFacts))
    .map((k) => ({ path: k, message: `not a field of a ${type} application` }));
  if (type === 'enterprise' && changes.tier === 'C') errors.push({ path: 'tier', message: 'quality-enterprise tiers are A and B' });
  if (errors.length > 0) throw invalid('VALIDATION_FAILED', 'the changes do not fit the award type', errors);
  return { ...facts, ...changes };
}

/**
 * The enterprise answers a return for changes (四(二)): it may correct its declared facts, and the
 * application is decided afresh — a compute claim re-gathers its invoices — and goes back to its city office.
 */
export async function resubmitApplication(ctx: ServiceContext, id: string, input: ResubmitInput, expectedRevision?: number) {
  const p = assertRole(ctx, 'enterprise', 'admin');
  const row = await visibleApplication(ctx.db, p, id);
  assertRevision(row, expectedRevision);
  assertTransition(row, 'resubmit');
  const facts = changedFacts(row.type, row.facts as DeclaredFacts, input);
  checkConsortiumCodes(row.uscc, facts.consortium ?? []);
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  try {
    return await verb(ctx, async (tx) => {
      const e = await evaluateApplication(tx, subjectOf(row, facts), { params, asOf, stage: 'resubmission', actor: actorOf(ctx.principal) });
      refuseAtSubmission(e);
      const move = await moveApplication(tx, ctx, row, 'resubmit', {
        note: input.note ?? null,
        details: { decision: decisionSummary(e), facts },
        set: { amount: e.decision.amount, facts, subject: subjectKey(facts.name) },
      });
      return { result: await applicationView(tx, move.row), audit: move.audit };
    });
  } catch (err) {
    // A renamed product or platform may now name a subject another live application already has.
    if (isUniqueViolation(err)) throw applicationExists(row.uscc, row.type, row.year, facts.name);
    throw err;
  }
}
