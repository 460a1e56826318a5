import { and, eq } from 'drizzle-orm';
import { policyParameters } from '../../db/schema/index.js';
import { conflict, invalid, ServiceError } from '../errors.js';
import { actorOf } from '../../identity/principal.js';
import { ParameterError, type ParameterChangeBody, type ParameterSet } from '../../rules/index.js';
import { verb, type ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { loadParameterState } from './parameter-state.js';
import { parameterDetail, type ParameterDetail } from './parameter-view.js';
import { shanghaiDate } from './today.js';
import { isUniqueViolation } from './unique-violation.js';

function duplicate(body: ParameterChangeBody): ServiceError {
  return conflict(
    'PARAMETER_VALUE_EXISTS',
    `${body.name} already has an administrator's value from ${body.from}; history is never overwritten, add a value with another date`,
  );
}

/** What was in force on a day, or null before the parameter's first value. */
function inForceOn(set: ParameterSet, name: string, on: string): { from: string; value: unknown } | null {
  try {
    const pv = set.at(name, on);
    return { from: pv.from, value: pv.value };
  } catch (err) {
    if (err instanceof ParameterError && err.code === 'PARAMETER_NOT_IN_FORCE') return null;
    throw err;
  }
}

/**
 * Adds a dated value to a parameter (admin). Earlier values stay in the history, and a decision
 * reads whichever value is in force on its `asOf`, so past decisions remain reproducible.
 */
export async function addParameterValue(ctx: ServiceContext, body: ParameterChangeBody): Promise<ParameterDetail> {
  assertRole(ctx, 'admin');
  const before = await loadParameterState(ctx.db);
  if (!before.set.names().includes(body.name)) {
    throw invalid('UNKNOWN_PARAMETER', `there is no policy parameter named ${JSON.stringify(body.name)}`, [
      { path: 'name', message: 'not a known parameter; GET /v1/parameters lists them' },
    ]);
  }
  const problem = before.set.problemWith(body);
  if (problem) {
    throw invalid('INVALID_PARAMETER', problem, [{ path: 'value', message: problem }]);
  }
  const previous = inForceOn(before.set, body.name, body.from);

  const row = { name: body.name, validFrom: body.from, value: body.value, note: body.note ?? '', createdBy: actorOf(ctx.principal) };
  try {
    await verb(ctx, async (tx) => {
      const existing = await tx
        .select({ id: policyParameters.id })
        .from(policyParameters)
        .where(and(eq(policyParameters.name, body.name), eq(policyParameters.validFrom, body.from)))
        .limit(1);
      if (existing.length > 0) throw duplicate(body);
      const [inserted] = await tx.insert(policyParameters).values(row).returning({ id: policyParameters.id });
      const after = { name: body.name, from: body.from, value: body.value, note: body.note ?? null };
      return {
        result: inserted!.id,
        audit: {
          action: 'policy_parameter.value_added',
          entityType: 'policy_parameter',
          entityId: body.name,
          // What was in force on `from` until now, so the audit shows what the new value supersedes.
          before: previous,
          after,
        },
      };
    });
  } catch (err) {
    // Two administrators adding the same date at once: the unique index lets one through.
    if (isUniqueViolation(err)) throw duplicate(body);
    throw err;
  }
  return parameterDetail(await loadParameterState(ctx.db), body.name, shanghaiDate(ctx.clock()));
}
