import type { Decision } from '../rules/decision.js';
import type { Reason } from '../rules/reasons.js';
import type { TraceStep } from '../rules/trace.js';
import { citedClauses } from '../rules/clauses.js';
import { isParameterInput, parameterText } from '../rules/parameter-words.js';
import { withoutClause } from '../rules/words.js';
import { breakText, BREAK_NAMES } from '../recon/break-words.js';

/**
 * Decisions, checks and breaks the way their readers take them: a Chinese sentence each, the clauses it
 * applies opening on the clause's own words, the parameters with the day their value took effect, and the
 * JSON an auditor recomputes from folded away behind a toggle (the API keeps serving it unchanged).
 */

/**
 * Each clause cited: the first time a page cites it, a toggle that opens the policy's text of it; later
 * citations name it with the same text on hover, so a long trace does not repeat one toggle many times.
 */
export function clauseRefs(clause: string, seen: Set<string>) {
  const cited = citedClauses(clause);
  if (cited.length === 0) return null;
  return (
    <span class="clause-refs">
      {cited.map((c) => {
        if (seen.has(c.id)) return <span class="clause-cite" title={c.text} data-clause={c.id}>条款 {c.id}</span>;
        seen.add(c.id);
        return (
          <details class="clause-ref" data-clause={c.id}>
            <summary title={c.text}>条款 {c.id}</summary>
            <blockquote id={c.anchor} lang="zh-CN">{c.text.split('\n').map((line) => <p>{line}</p>)}</blockquote>
          </details>
        );
      })}
    </span>
  );
}

/** The parameters a step read, in words with their effective date: 「算力采购起补门槛 10 万元（自 2026-02-04 起）」. */
function stepParameters(inputs: TraceStep['inputs']): string[] {
  const out: string[] = [];
  for (const v of Object.values(inputs ?? {})) {
    if (isParameterInput(v)) out.push(parameterText(v));
    else if (Array.isArray(v)) for (const x of v) if (isParameterInput(x)) out.push(parameterText(x));
  }
  return out;
}

/**
 * The raw inputs and results of every step, folded in one toggle: for an auditor with a calculator, not for
 * the applicant (one toggle rather than one per step keeps the page's keyboard path short).
 */
function RawData({ trace }: { trace: readonly TraceStep[] }) {
  return (
    <details class="raw">
      <summary>查看全部计算数据（供核算使用）</summary>
      <ol class="raw-body">
        {trace.map((t) => (
          <li>
            <p>{t.text ?? t.step}</p>
            <pre><code>{JSON.stringify({ step: t.step, inputs: t.inputs, result: t.result }, null, 2)}</code></pre>
          </li>
        ))}
      </ol>
    </details>
  );
}

/** A sentence (a step's or a reason's) with its clauses as toggles instead of the bracketed suffix. */
function sentence(text: string | undefined, clause: string, fallback: string, seen: Set<string>) {
  // Decisions stored before sentences were recorded have none: their code or step name stands in.
  return (
    <>
      <span class="sentence">{text ? withoutClause(text, clause) : fallback}</span> {clauseRefs(clause, seen)}
    </>
  );
}

export function ReasonList({ reasons, empty, seen = new Set() }: { reasons: readonly Reason[]; empty: string; seen?: Set<string> }) {
  if (reasons.length === 0) return <p>{empty}</p>;
  return (
    <ul class="reasons">
      {reasons.map((r) => (
        <li data-reason={r.code}>{sentence(r.text, r.clause, r.detail, seen)}</li>
      ))}
    </ul>
  );
}

export function TraceSteps({ trace, seen = new Set() }: { trace: readonly TraceStep[]; seen?: Set<string> }) {
  return (
    <>
      <ol class="trace">
        {trace.map((t) => {
          const params = stepParameters(t.inputs);
          return (
            <li>
              {sentence(t.text, t.clause, t.step, seen)}
              {params.length ? <div class="params">适用参数：{params.join('；')}</div> : null}
            </li>
          );
        })}
      </ol>
      <RawData trace={trace} />
    </>
  );
}

/** The whole explanation of a decision: its blocking reasons and caps, then every step of the computation. */
export function Explanation({ decision, perPurchase }: { decision: Decision; perPurchase: ReadonlySet<string> }) {
  // Reasons come first on the page, so their clauses open there and the trace names them on hover.
  const seen = new Set<string>();
  const reasons = ReasonList({ reasons: decision.reasons.filter((r) => !perPurchase.has(r.code)), empty: '没有影响结论或金额的理由。', seen });
  const trace = TraceSteps({ trace: decision.trace, seen });
  return (
    <>
      <h3>理由</h3>
      {reasons}
      <h3>逐条计算过程</h3>
      {trace}
    </>
  );
}

/** A stored break in words; its details stay one toggle away. */
export function BreakItem({ code, details }: { code: string; details: unknown }) {
  return (
    <li data-break={code}>
      <strong>{BREAK_NAMES[code as keyof typeof BREAK_NAMES] ?? '对账问题'}</strong>：{breakText(code, details)}
      <details class="raw"><summary>查看对账数据</summary><pre><code>{JSON.stringify(details, null, 2)}</code></pre></details>
    </li>
  );
}
