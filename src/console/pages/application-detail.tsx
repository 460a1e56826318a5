import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { act, field, me, render, svc } from '../render.js';
import { beijingTime, json, yuan } from '../format.js';
import { fraudKindName, fundingName, installmentOnName, officeName, reasonName, serviceTypeName, signalStatusName, stageName, statusName, typeName } from '../labels.js';
import { ReviewForms } from './review-forms.js';
import { Explanation, ReasonList } from '../explain.js';
import { GRANTED } from './decision-letter.js';
import { actorLabels } from '../actors.js';
import { ServiceError } from '../../services/errors.js';
import { getApplication } from '../../services/applications/get-application.js';
import { getInvoice } from '../../services/invoices/get-invoice.js';
import { listFraudSignals } from '../../services/supervision/related-parties.js';
import { CityReviewInput, cityReview } from '../../services/review/city-review.js';
import { ProvincialReviewInput, provincialReview } from '../../services/review/provincial-review.js';

type View = Awaited<ReturnType<typeof getApplication>>;
const PER_PURCHASE = new Set(['NOT_VERIFIED', 'SERVICE_NOT_ELIGIBLE', 'PURPOSE_NOT_ELIGIBLE', 'OTHER_YEAR', 'DUPLICATE']);

/** Counted invoices with the statement lines that verify them; each read goes through the invoice verb's scope check. */
async function countedInvoices(c: Context<ConsoleEnv>, a: View) {
  return Promise.all(
    a.invoices.slice(0, 100).map(async (i) => {
      const inv = await getInvoice(svc(c), i.invoiceId).catch((err) => (err instanceof ServiceError ? null : Promise.reject(err)));
      const f = (inv?.fields ?? {}) as Record<string, unknown>;
      const lines = (inv?.match.statementLines ?? []) as { lineId: string; amount: string; serviceType: string }[];
      return { ...i, number: String(f.invoiceNumber ?? '—'), date: String(f.issueDate ?? '—'), lines };
    }),
  );
}

/** Fraud signals about the applicant, where the caller's role may read them. */
async function signalsFor(c: Context<ConsoleEnv>, uscc: string) {
  try {
    return (await listFraudSignals(svc(c), { uscc, limit: 200 })).items;
  } catch (err) {
    if (err instanceof ServiceError && err.kind === 'FORBIDDEN') return null;
    throw err;
  }
}

function Trace({ a }: { a: View }) {
  const d = a.decision;
  if (!d) return <p>尚无决定。</p>;
  return (
    <section aria-labelledby="decision-h">
      <h2 id="decision-h">规则决定</h2>
      {GRANTED.has(a.status) ? <p><a href={`/console/applications/${a.id}/letter`}>查看补贴核定通知（可打印、可下载 PDF）</a></p> : null}
      <dl class="facts">
        <dt>是否符合条件</dt><dd>{d.eligible ? '符合' : '不符合'}</dd>
        <dt>金额</dt><dd class="big">{yuan(d.amount)}</dd>
        <dt>资金来源</dt><dd>{fundingName(d.fundingSource)}</dd>
        <dt>分期</dt><dd>{d.installments.map((i) => `${installmentOnName(i.on)} ${yuan(i.amount)}`).join('；') || '—'}</dd>
      </dl>
      <Explanation decision={d} perPurchase={PER_PURCHASE} />
    </section>
  );
}

export function registerApplicationDetail(app: Hono<ConsoleEnv>): void {
  app.get('/applications/:id', async (c) => {
    const a = await getApplication(svc(c), c.req.param('id'));
    const [counted, signals] = await Promise.all([countedInvoices(c, a), me(c).role === 'enterprise' ? Promise.resolve(null) : signalsFor(c, a.uscc)]);
    const excluded = (a.decision?.reasons ?? []).filter((r) => PER_PURCHASE.has(r.code));
    const who = await actorLabels(c, [...a.history.map((h) => h.actor), ...a.decisions.map((d) => d.actor)]);
    return render(c, (
      <Layout c={c} title={`${typeName(a.type)}申请 ${a.number ?? '（未编号）'}`}>
        <p><a href="/console/applications">返回申请列表</a></p>
        <dl class="facts">
          <dt>申请单位</dt><dd>{a.applicantName ?? '—'}（{a.uscc}）</dd>
          <dt>年度</dt><dd>{a.year}</dd>
          {a.facts.name ? (<><dt>{a.type === 'platform' ? '平台名称' : '产品名称'}</dt><dd>{String(a.facts.name)}</dd></>) : null}
          {a.facts.exceptionRequested ? (<><dt>申请投资额例外的理由</dt><dd>{String(a.facts.exceptionRequested)}</dd></>) : null}
          {a.facts.exception ? (<><dt>投资额例外</dt><dd>{exceptionText(a.facts.exception)}</dd></>) : null}
          <dt>状态</dt><dd data-status={a.status}>{statusName(a.status)}</dd>
          <dt>受理部门</dt><dd>{officeName(a.office)}</dd>
          <dt>金额</dt><dd>{yuan(a.amount)}</dd>
        </dl>
        <ReviewForms c={c} a={a} />
        <Trace a={a} />
        <section aria-labelledby="counted-h">
          <h2 id="counted-h">计入的发票</h2>
          {counted.length ? (
            <table>
              <caption>本申请计入的发票及核验账单行</caption>
              <thead><tr><th scope="col">发票</th><th scope="col">开票日期</th><th scope="col">计入金额</th><th scope="col">账单行</th></tr></thead>
              <tbody>
                {counted.map((i) => (
                  <tr>
                    <td><a href={`/console/invoices/${i.invoiceId}`}>{i.number}</a></td>
                    <td>{i.date}</td>
                    <td class="num">{yuan(i.amount)}</td>
                    <td>{i.lines.length ? i.lines.map((l) => `${l.lineId}（${yuan(l.amount)}，${serviceTypeName(l.serviceType)}）`).join('；') : '经财务确认，无账单行'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : <p>没有计入的发票。</p>}
          <h3>不计入的发票</h3>
          {excluded.length ? (
            <ReasonList reasons={excluded} empty="没有被排除的发票。" />
          ) : <p>没有被排除的发票。</p>}
        </section>
        {signals === null ? null : (
          <section aria-labelledby="signals-h">
            <h2 id="signals-h">疑点信号</h2>
            {signals.length ? (
              <ul>{signals.map((s) => (<li>{fraudKindName(s.kind)}（{signalStatusName(s.status)}）{s.invoiceId ? (<>，<a href={`/console/invoices/${s.invoiceId}`}>相关发票</a></>) : ''}：<code>{json(s.details)}</code></li>))}</ul>
            ) : <p>没有疑点信号。</p>}
          </section>
        )}
        <section aria-labelledby="history-h">
          <h2 id="history-h">办理过程</h2>
          <table>
            <caption>状态变化</caption>
            <thead><tr><th scope="col">时间</th><th scope="col">从</th><th scope="col">到</th><th scope="col">办理人</th><th scope="col">意见</th></tr></thead>
            <tbody>
              {a.history.map((h) => (<tr><td>{beijingTime(h.at)}</td><td>{statusName(h.from)}</td><td>{statusName(h.to)}</td><td>{who(h.actor)}</td><td>{h.note ?? ''}</td></tr>))}
            </tbody>
          </table>
          <h3>历次决定</h3>
          <ul>{a.decisions.map((d) => (<li>{stageName(d.stage)}（{d.asOf}）：{d.decision.eligible ? '符合' : '不符合'}，{yuan(d.decision.amount)}</li>))}</ul>
        </section>
      </Layout>
    ));
  });

  app.post('/applications/:id/city-review', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    return act(c, `/console/applications/${id}`, async () => {
      const exception = field(body, 'exceptionJustified') === 'true';
      const investmentType = (await getApplication(svc(c), id)).type;
      const input = CityReviewInput.parse({
        decision: field(body, 'decision'),
        note: field(body, 'note'),
        // Unticked on a vertical model or platform withdraws an exception recorded earlier.
        ...(investmentType === 'vertical_model' || investmentType === 'platform' ? { exceptionJustified: exception } : {}),
      });
      await cityReview(svc(c), id, input, revisionOf(body));
      return `/console/applications/${id}?ok=reviewed`;
    });
  });

  app.post('/applications/:id/provincial-review', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    return act(c, `/console/applications/${id}`, async () => {
      const score = field(body, 'score');
      const tier = field(body, 'tier');
      const input = ProvincialReviewInput.parse({ decision: field(body, 'decision'), note: field(body, 'note'), ...(score ? { score: Number(score) } : {}), ...(tier ? { tier } : {}) });
      await provincialReview(svc(c), id, input, revisionOf(body));
      return `/console/applications/${id}?ok=reviewed`;
    });
  });
}

/** The investment exception as the city reviewer recorded it: who, when and why. */
function exceptionText(e: unknown): string {
  const x = e as { byName?: string; on?: string; reason?: string };
  return `由市级审核员${x.byName ?? ''}于 ${x.on ?? ''} 认定：${x.reason ?? ''}`;
}

/** The revision the reviewer saw: a change made meanwhile by someone else is refused, not overwritten. */
function revisionOf(body: Record<string, unknown>): number | undefined {
  const r = Number(field(body, 'revision'));
  return Number.isInteger(r) && r >= 0 ? r : undefined;
}
