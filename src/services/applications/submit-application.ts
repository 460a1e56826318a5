import { eq, sql } from 'drizzle-orm';
import { applications, applicationTransitions } from '../../db/schema/index.js';
import { yearOf } from '../../domain/dates.js';
import { newId } from '../../domain/ids.js';
import { subjectKey } from '../../domain/subject.js';
import { formatYuan } from '../../domain/money.js';
import { isValidUscc, describeUscc } from '../../domain/uscc.js';
import { notFound, conflict, invalid, ServiceError } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { isLive } from '../../workflow/index.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { isUniqueViolation } from '../policy/unique-violation.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { declaredFacts, type ApplicationInput, type DeclaredFacts } from './application-input.js';
import { loadEnterprise } from './applicant-facts.js';
import { applicationView } from './application-view.js';
import { decisionSummary, evaluateApplication, type Evaluation } from './evaluate-application.js';
import { nextApplicationNumber } from './numbering.js';

/** Consortium participants must be real Fujian units; the lead is the applicant itself (三(一)4). */
export function checkConsortiumCodes(applicant: string, consortium: readonly string[]): void {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  consortium.forEach((uscc, i) => {
    const path = `consortium.${i}`;
    if (!isValidUscc(uscc)) errors.push({ path, message: `${uscc} is not a valid USCC (INVALID_USCC)` });
    else if (!describeUscc(uscc).inFujian) errors.push({ path, message: `${uscc} is not registered in Fujian (NOT_IN_FUJIAN)` });
    else if (uscc === applicant) errors.push({ path, message: 'the applicant is the lead, not a participant' });
    else if (seen.has(uscc)) errors.push({ path, message: 'participant listed twice' });
    seen.add(uscc);
  });
  if (errors.length > 0) throw invalid('INVALID_CONSORTIUM', 'a consortium participant cannot take part', errors);
}

/**
 * Submission-time refusals: an application outside the policy period (六(一)), from a unit under a fraud
 * ban (五(一) 不得申报) or with too large a consortium (三(一)4) is refused outright, changing nothing.
 * Other blocking reasons (credit, threshold, a repeat of a one-time award …) are recorded in the decision,
 * which the city office reviews.
 */
export function refuseAtSubmission(e: Evaluation): void {
  for (const code of ['OUTSIDE_POLICY_PERIOD', 'FRAUD_BAN', 'CONSORTIUM_TOO_LARGE'] as const) {
    const reason = e.rendered.reasons.find((r) => r.code === code);
    if (reason) throw invalid(code, `${reason.detail} (${reason.clause})`);
  }
}

/** 409: one live application per enterprise, type and year — for one-time awards, per enterprise, type and subject. */
export function applicationExists(uscc: string, type: string, year: number, name: string | undefined): ServiceError {
  const what = type === 'product' || type === 'platform' ? `a ${type} application for ${name === undefined ? 'an unnamed subject' : `「${name}」`}` : type === 'enterprise' ? 'a quality-enterprise application' : `a ${type} application for ${year}`;
  return conflict('APPLICATION_EXISTS', `${uscc} already has ${what} under way`);
}

/** `POST /v1/applications`: an enterprise applies for itself; an administrator may apply for one. */
export async function submitApplication(ctx: ServiceContext, input: ApplicationInput) {
  const p = assertRole(ctx, 'enterprise', 'admin');
  const uscc = p.role === 'enterprise' ? (input.uscc ?? p.scope!) : input.uscc;
  if (!uscc) throw invalid('VALIDATION_FAILED', 'an administrator must name the applicant', [{ path: 'uscc', message: 'required' }]);
  if (p.role === 'enterprise' && uscc !== p.scope) throw notFound('enterprise');
  const enterprise = await loadEnterprise(ctx.db, uscc);
  if (!enterprise) throw notFound('enterprise');
  if (!enterprise.office || !enterprise.fundingSource) {
    throw invalid('NO_REVIEWING_OFFICE', `enterprise ${uscc} has no reviewing office; an administrator must set its city (四(一))`);
  }
  const facts: DeclaredFacts = declaredFacts(input);
  checkConsortiumCodes(uscc, facts.consortium ?? []);
  const params = await loadParameterSet(ctx.db);
  const asOf = shanghaiDate(ctx.clock());
  const year = input.year ?? yearOf(asOf);
  const subject = subjectKey(facts.name);
  const actor = actorOf(ctx.principal);
  const id = newId('app');

  try {
    return await verb(ctx, async (tx) => {
      // One claim at a time per enterprise, so two compute claims never race for the same invoices.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`applications:${uscc}`}))`);
      const number = await nextApplicationNumber(tx, year, enterprise.office!);
      const [row] = await tx
        .insert(applications)
        .values({
          id,
          number,
          type: input.type,
          uscc,
          year,
          subject,
          status: 'submitted',
          live: isLive('submitted'),
          office: enterprise.office!,
          fundingSource: enterprise.fundingSource!,
          facts,
          appliedOn: asOf,
          createdBy: actor,
        })
        .returning();
      const e = await evaluateApplication(tx, { id, type: input.type, uscc, year, appliedOn: asOf, facts }, { params, asOf, stage: 'submission', actor });
      refuseAtSubmission(e);
      const [updated] = await tx.update(applications).set({ amount: e.decision.amount }).where(eq(applications.id, id)).returning();
      await tx.insert(applicationTransitions).values({
        id: newId('trn'), applicationId: id, event: 'submit', fromStatus: 'new', toStatus: 'submitted', revision: row!.revision, actor,
      });
      const view = await applicationView(tx, updated!);
      return {
        result: view,
        audit: {
          action: 'application.submitted',
          entityType: 'application',
          entityId: id,
          after: { number, type: input.type, uscc, year, appliedOn: asOf, status: 'submitted', office: enterprise.office, fundingSource: enterprise.fundingSource, facts, amount: formatYuan(e.decision.amount), decision: decisionSummary(e) },
        },
      };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw applicationExists(uscc, input.type, year, facts.name);
    throw err;
  }
}
