import type { Decision } from '../rules/decision.js';
import type { Reason } from '../rules/reasons.js';
import type { TraceStep } from '../rules/trace.js';
import { citedClauses } from '../rules/clauses.js';
import { isParameterInput, parameterText } from '../rules/parameter-words.js';
import { withoutClause } from '../rules/words.js';
import { breakText, BREAK_NAMES } from '../recon/break-words.js';
import { json } from './format.js';

/**
 * Decisions, checks and breaks the way their readers take them: a Chinese sentence each, the clauses it
 * applies opening on the clause's own words, the parameters with the day their value took effect, and the
 * JSON an auditor recomputes from folded away behind a toggle (the API keeps serving it unchanged).
 */

/** Each clause cited, as a toggle that opens the policy's text of it; the text is also the hover title. */
export function ClauseRefs({ clause }: { clause: string }) {
  const cited = citedClauses(clause);
  if (cited.length === 0) return null;
  return (
    <span class="clause-refs">
      {cited.map((c) => (
        <details class="clause-ref" data-clause={c.id}>
          <summary title={c.text}>条款 {c.id}</summary>
          <blockquote id={c.anchor} lang="zh-CN">{c.text.split('\n').map((line) => <p>{line}</p>)}</blockquote>
        </details>
      ))}
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

/** The raw inputs and result, folded: for an auditor with a calculator, not for the applicant. */
function RawData({ inputs, result }: { inputs: unknown; result: unknown }) {
  return (
    <details class="raw">
      <summary>查看计算数据</summary>
      <div class="raw-body">
        <p>输入：</p><pre><code>{JSON.stringify(inputs, null, 2)}</code></pre>
        <p>结果：</p><pre><code>{json(result)}</code></pre>
      </div>
    </details>
  );
}

/** A sentence (a step's or a reason's) with its clauses as toggles instead of the bracketed suffix. */
function Sentence({ text, clause, fallback }: { text: string | undefined; clause: string; fallback: string }) {
  // Decisions stored before sentences were recorded have none: their code or step name stands in.
  return (
    <>
      <span class="sentence">{text ? withoutClause(text, clause) : fallback}</span> <ClauseRefs clause={clause} />
    </>
  );
}

export function ReasonList({ reasons, empty }: { reasons: readonly Reason[]; empty: string }) {
  if (reasons.length === 0) return <p>{empty}</p>;
  return (
    <ul class="reasons">
      {reasons.map((r) => (
        <li data-reason={r.code}><Sentence text={r.text} clause={r.clause} fallback={r.detail} /></li>
      ))}
    </ul>
  );
}

export function TraceSteps({ trace }: { trace: readonly TraceStep[] }) {
  return (
    <ol class="trace">
      {trace.map((t) => {
        const params = stepParameters(t.inputs);
        return (
          <li>
            <Sentence text={t.text} clause={t.clause} fallback={t.step} />
            {params.length ? <div class="params">适用参数：{params.join('；')}</div> : null}
            <RawData inputs={t.inputs} result={t.result} />
          </li>
        );
      })}
    </ol>
  );
}

/** The whole explanation of a decision: its blocking reasons and caps, then every step of the computation. */
export function Explanation({ decision, perPurchase }: { decision: Decision; perPurchase: ReadonlySet<string> }) {
  return (
    <>
      <h3>理由</h3>
      <ReasonList reasons={decision.reasons.filter((r) => !perPurchase.has(r.code))} empty="没有影响结论或金额的理由。" />
      <h3>逐条计算过程</h3>
      <TraceSteps trace={decision.trace} />
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
