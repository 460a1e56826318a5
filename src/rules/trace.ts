import { formatYuan, type Fen } from '../domain/money.js';
import type { ParameterValue } from './parameters/types.js';
import { withClause } from './words.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One step an auditor can redo with a calculator: the clause applied, its inputs and its result — and the
 * same step as a Chinese sentence built from them, ending with the clauses it applied, for the people who
 * read the decision.
 */
export interface TraceStep {
  clause: string;
  step: string;
  inputs: Record<string, JsonValue>;
  result: JsonValue;
  text: string;
}

/** A step's sentence, or how to build it from the step's result. */
export type StepText<R> = string | ((result: R) => string);

export class TraceBuilder {
  readonly steps: TraceStep[] = [];

  /**
   * Records a step and hands back its result, so a computation and its record are one expression. The
   * sentence is required: a step nobody can read in Chinese is not recorded.
   */
  add<R extends JsonValue>(clause: string, step: string, inputs: Record<string, JsonValue>, result: R, text: StepText<R>): R {
    const sentence = typeof text === 'function' ? text(result) : text;
    this.steps.push({ clause, step, inputs, result, text: withClause(sentence, clause) });
    return result;
  }
}

/** Money in a trace is shown the way the API shows it: yuan with two decimals. */
export function yuan(fen: Fen): string {
  return formatYuan(fen);
}

/**
 * A parameter as a trace input: its value, unit, clause and the date that value took effect, so
 * the reader knows exactly which version of the rule was applied. Fen values also carry yuan.
 */
export function param(pv: ParameterValue): Record<string, JsonValue> {
  const shown: Record<string, JsonValue> = {
    name: pv.name,
    value: pv.value,
    unit: pv.unit,
    from: pv.from,
    clause: pv.clause,
  };
  if (pv.unit === 'fen' && typeof pv.value === 'number') shown.yuan = formatYuan(pv.value);
  return shown;
}
