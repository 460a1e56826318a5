import type { Context } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField } from '../layout.js';
import { csrfOf, me } from '../render.js';
import type { getApplication } from '../../services/applications/get-application.js';

type View = Awaited<ReturnType<typeof getApplication>>;
const TIERED = new Set(['vertical_model', 'platform', 'enterprise']);
const MIN_INVESTMENT = new Set(['vertical_model', 'platform']);

/** The review the signed-in reviewer may record now; the verb decides again whether it is allowed. */
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
  return null;
}
