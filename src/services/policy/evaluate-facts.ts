import { evaluate, type Decision, type EvaluateFacts } from '../../rules/index.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { loadParameterSet } from './parameter-state.js';

/**
 * The calculator (any signed-in user): a what-if over stated facts, decided by the same rule
 * modules and the same parameters (defaults plus administrators' values) as applications.
 * Nothing is written.
 */
export async function evaluateFacts(ctx: ServiceContext, facts: EvaluateFacts): Promise<Decision> {
  assertRole(ctx);
  return evaluate(facts, await loadParameterSet(ctx.db));
}
