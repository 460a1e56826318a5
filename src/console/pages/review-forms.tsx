import type { Context } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField } from '../layout.js';
import { csrfOf, me } from '../render.js';
import type { getApplication } from '../../services/applications/get-application.js';

type View = Awaited<ReturnType<typeof getApplication>>;
const TIERED = new Set(['vertical_model', 'platform', 'enterprise']);
const MIN_INVESTMENT = new Set(['vertical_model', 'platform']);

/** The review, or other step, the signed-in user may record now; the verb decides again whether it is allowed. */
export function ReviewForms({ c, a }: { c: Context<ConsoleEnv>; a: View }) {
  const p = me(c);
  if (p.role === 'city_reviewer' && a.next.includes('city_recommend')) {
    return (
      <section aria-labelledby="review-h" class="card">
        <h2 id="review-h">市级初审</h2>
        <form method="post" action={`/console/applications/${a.id}/city-review`} class="stack">
          <CsrfField token={csrfOf(c)} />
          <input type="hidden" name="revision" value={String(a.revision)} />
          <label for="decision">审核结论</label>
          <select id="decision" name="decision" required>
            <option value="recommend">推荐</option>
            <option value="return">退回修改</option>
            <option value="reject">不予推荐</option>
          </select>
          {MIN_INVESTMENT.has(a.type) ? (
            <label class="check">
              <input type="checkbox" name="exceptionJustified" value="true" checked={a.facts.exception ? true : undefined} />
              认定投资额低于“原则上”下限的例外（三(一)3、三(三)3），理由写在审核意见中
            </label>
          ) : null}
          <label for="note">审核意见（退回、不予推荐或认定例外时必填）</label>
          <textarea id="note" name="note" rows={3}></textarea>
          <button type="submit">提交初审意见</button>
        </form>
      </section>
    );
  }
  if (p.role === 'provincial_reviewer' && a.next.includes('provincial_approve')) {
    return (
      <section aria-labelledby="review-h" class="card">
        <h2 id="review-h">省级评审</h2>
        <form method="post" action={`/console/applications/${a.id}/provincial-review`} class="stack">
          <CsrfField token={csrfOf(c)} />
          <input type="hidden" name="revision" value={String(a.revision)} />
          <label for="decision">评审结论</label>
          <select id="decision" name="decision" required>
            <option value="approve">通过</option>
            <option value="reject">不通过</option>
          </select>
          {TIERED.has(a.type) ? (
            <>
              <label for="tier">评定档次</label>
              <select id="tier" name="tier">
                <option value="">沿用申报档次</option>
                <option value="A">A</option>
                <option value="B">B</option>
                <option value="C">C</option>
              </select>
            </>
          ) : null}
          <label for="score">专家评分（0–100，可不填）</label>
          <input id="score" name="score" type="number" min="0" max="100" />
          <label for="note">评审意见（不通过时必填）</label>
          <textarea id="note" name="note" rows={3}></textarea>
          <button type="submit">提交评审意见</button>
        </form>
      </section>
    );
  }
  // Not a reviewer's turn: what the applicant, or the office overseeing implementation, may do instead.
  return (
    <>
      <ApplicantForms c={c} a={a} />
      <ImplementationForms c={c} a={a} />
    </>
  );
}

/** What the applicant may do with its own application now: correct and resubmit after a return, or withdraw. */
export function ApplicantForms({ c, a }: { c: Context<ConsoleEnv>; a: View }) {
  const p = me(c);
  if (p.role !== 'enterprise' && p.role !== 'admin') return null;
  const canResubmit = p.role === 'enterprise' && a.next.includes('resubmit');
  const canWithdraw = p.role === 'enterprise' && a.next.includes('withdraw');
  if (!canResubmit && !canWithdraw) return null;
  const f = a.facts as Record<string, unknown>;
  return (
    <>
      {canResubmit ? (
        <section aria-labelledby="resubmit-h" class="card">
          <h2 id="resubmit-h">修改后重新提交</h2>
          <p>市级部门已退回本申请。请按审核意见修改；未填写的项目保持原申报内容。</p>
          <form method="post" action={`/console/applications/${a.id}/resubmit`} class="stack">
            <CsrfField token={csrfOf(c)} />
            <input type="hidden" name="revision" value={String(a.revision)} />
            {TIERED.has(a.type) ? (
              <>
                <label for="rs-tier">申报档次（现为 {String(f.tier ?? '—')}）</label>
                <select id="rs-tier" name="tier">
                  <option value="">不变</option>
                  {(a.type === 'enterprise' ? ['A', 'B'] : ['A', 'B', 'C']).map((t) => (<option value={t}>{t}</option>))}
                </select>
              </>
            ) : null}
            {a.type === 'vertical_model' ? (
              <>
                <label for="rs-total">总投资额（元，现为 {String(f.totalInvestment ?? '—')}）</label>
                <input id="rs-total" name="totalInvestment" inputmode="decimal" pattern="\d+(\.\d{1,2})?" />
              </>
            ) : null}
            {a.type === 'platform' ? (
              <>
                <label for="rs-inv">投资额（元，现为 {String(f.investment ?? '—')}）</label>
                <input id="rs-inv" name="investment" inputmode="decimal" pattern="\d+(\.\d{1,2})?" />
              </>
            ) : null}
            {a.type === 'platform' || a.type === 'product' ? (
              <>
                <label for="rs-name">{a.type === 'platform' ? '平台名称' : '产品名称'}</label>
                <input id="rs-name" name="name" value={typeof f.name === 'string' ? f.name : ''} />
              </>
            ) : null}
            {MIN_INVESTMENT.has(a.type) ? (
              <>
                <label for="rs-consortium">联合体成员的统一社会信用代码（每行一个；不填则不变）</label>
                <textarea id="rs-consortium" name="consortium" rows={3}></textarea>
                <label for="rs-exception">投资额低于下限时，申请例外的理由（可不填）</label>
                <textarea id="rs-exception" name="exceptionRequested" rows={2}></textarea>
              </>
            ) : null}
            <label for="rs-note">修改说明</label>
            <textarea id="rs-note" name="note" rows={3} required></textarea>
            <button type="submit">重新提交</button>
          </form>
        </section>
      ) : null}
      {canWithdraw ? (
        <section aria-labelledby="withdraw-h" class="card">
          <h2 id="withdraw-h">撤回申请</h2>
          <p>市级部门推荐之前可以撤回。撤回后本申请结束，冻结的发票释放，可用于以后的申请。</p>
          <form method="post" action={`/console/applications/${a.id}/withdraw`} class="stack">
            <CsrfField token={csrfOf(c)} />
            <input type="hidden" name="revision" value={String(a.revision)} />
            <label for="wd-reason">撤回原因</label>
            <textarea id="wd-reason" name="reason" rows={2} required></textarea>
            <button type="submit">撤回申请</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** The recommending city office's verbs on a vertical model being implemented (五(三)): acceptance and extension. */
export function ImplementationForms({ c, a }: { c: Context<ConsoleEnv>; a: View }) {
  if (me(c).role !== 'city_reviewer' || a.type !== 'vertical_model' || a.status !== 'implementing') return null;
  return (
    <section aria-labelledby="implementation-h" class="card">
      <h2 id="implementation-h">实施期管理（五(三)）</h2>
      <p>{a.extensionMonths > 0 ? `实施期已延长 ${a.extensionMonths} 个月。` : '实施期尚未延长。'}</p>
      <form method="post" action={`/console/applications/${a.id}/acceptance`} class="stack">
        <CsrfField token={csrfOf(c)} />
        <input type="hidden" name="revision" value={String(a.revision)} />
        <label for="ac-passed">验收结论</label>
        <select id="ac-passed" name="passed" required>
          <option value="true">验收通过（拨付剩余款项）</option>
          <option value="false">验收未通过（剩余款项不再拨付）</option>
        </select>
        <label for="ac-note">验收意见</label>
        <textarea id="ac-note" name="note" rows={2} required></textarea>
        <button type="submit">记录验收结论</button>
      </form>
      <form method="post" action={`/console/applications/${a.id}/extension`} class="stack">
        <CsrfField token={csrfOf(c)} />
        <input type="hidden" name="revision" value={String(a.revision)} />
        <label for="ex-months">批准延期（月）</label>
        <input id="ex-months" name="months" type="number" min="1" max="6" required />
        <label for="ex-note">延期理由</label>
        <textarea id="ex-note" name="note" rows={2} required></textarea>
        <button type="submit">批准延期</button>
      </form>
    </section>
  );
}
