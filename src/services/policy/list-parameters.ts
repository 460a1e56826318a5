import { z } from 'zod';
import { IsoDate } from '../../domain/schemas.js';
import { missing } from '../errors.js';
import type { ServiceContext } from '../context.js';
import { assertRole } from '../scope.js';
import { loadParameterState } from './parameter-state.js';
import { parameterDetail, type ParameterDetail } from './parameter-view.js';
import { shanghaiDate } from './today.js';

export const ParameterQuery = z.strictObject({
  /** The day whose values are shown as `inForce`; today (Asia/Shanghai) when absent. */
  asOf: IsoDate.optional(),
});
export type ParameterQuery = z.infer<typeof ParameterQuery>;

/** Every parameter with its unit, clause, note and full dated history (any signed-in user). */
export async function listParameters(ctx: ServiceContext, q: ParameterQuery): Promise<{ asOf: string; items: ParameterDetail[] }> {
  assertRole(ctx);
  const state = await loadParameterState(ctx.db);
  const on = q.asOf ?? shanghaiDate(ctx.clock());
  return { asOf: on, items: state.set.names().map((name) => parameterDetail(state, name, on)) };
}

export async function getParameter(ctx: ServiceContext, name: string, q: ParameterQuery): Promise<ParameterDetail> {
  assertRole(ctx);
  const state = await loadParameterState(ctx.db);
  if (!state.set.names().includes(name)) {
    throw missing('UNKNOWN_PARAMETER', `there is no policy parameter named ${JSON.stringify(name)}`);
  }
  return parameterDetail(state, name, q.asOf ?? shanghaiDate(ctx.clock()));
}
