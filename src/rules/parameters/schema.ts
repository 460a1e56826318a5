import { z } from 'zod';
import { isValidDate } from '../../domain/dates.js';
import { PARAMETER_UNITS } from './types.js';

/** JSON shapes for `POST /v1/parameters` and for listing parameters with their history. */
export const ParameterValueJson = z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]);

export const DatedValueJson = z.object({
  from: z.string().refine(isValidDate, 'must be a valid YYYY-MM-DD date'),
  value: ParameterValueJson,
});

/**
 * A new dated value. Whether `value` suits the parameter's unit is checked by
 * `ParameterSet.problemWith`, which knows the definition.
 */
export const ParameterChangeBody = z.strictObject({
  name: z.string().min(1).max(100),
  from: z.string().refine(isValidDate, 'must be a valid YYYY-MM-DD date'),
  value: ParameterValueJson,
  note: z.string().max(2000).optional(),
});
export type ParameterChangeBody = z.infer<typeof ParameterChangeBody>;

export const ParameterView = z.object({
  name: z.string(),
  unit: z.enum(PARAMETER_UNITS),
  clause: z.string(),
  note: z.string(),
  allowed: z.array(z.string()).optional(),
  values: z.array(DatedValueJson),
});
export type ParameterView = z.infer<typeof ParameterView>;
