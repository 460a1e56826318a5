import type { Fen } from '../../domain/money.js';
import type { TraceStep } from '../../rules/trace.js';
import type { ServiceContext } from '../context.js';
import { roundOfApplication } from '../payouts/budget-usage.js';
import { assertRole } from '../scope.js';
import { visibleApplication } from './access.js';

/** The one ratio a compute-subsidy award is paid at, as its round fixed it at publication, with its trace. */
export interface AwardRound {
  scaled: boolean;
  numerator: Fen;
  denominator: Fen;
  trace: TraceStep[];
}

/**
 * The budget round an award is paid from (二(五) budget decision), for whoever may read the application: a
 * letter must say what will be paid when the round's budget fell short. Null for other award types and for
 * an award whose notice is not yet published.
 */
export async function awardRound(ctx: ServiceContext, applicationId: string): Promise<AwardRound | null> {
  const p = assertRole(ctx);
  const row = await visibleApplication(ctx.db, p, applicationId);
  const round = await roundOfApplication(ctx.db, row.id);
  if (!round) return null;
  return { scaled: round.scaled, numerator: round.ratioNumerator, denominator: round.ratioDenominator, trace: round.trace as TraceStep[] };
}
