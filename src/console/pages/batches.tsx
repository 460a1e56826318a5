import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, field, me, render, svc, yearParam } from '../render.js';
import { beijingTime, percent, yuan } from '../format.js';
import { batchStatusName, FUNDING_NAMES, fundingName } from '../labels.js';
import { parseYuan } from '../../domain/money.js';
import { getBudget } from '../../services/payouts/budgets.js';
import { FUNDING_SOURCES } from '../../services/payouts/budget-usage.js';
import { listBatches } from '../../services/payouts/get-batch.js';
import { PrepareBatchInput, prepareBatch } from '../../services/payouts/prepare-batch.js';

/** Budget use of each funding source for the year, as the budget verb reports it: what the rounds fixed so far hold. */
export async function BudgetUse({ c, year }: { c: Context<ConsoleEnv>; year: number }) {
  const budgets = await Promise.all(FUNDING_SOURCES.map((fundingSource) => getBudget(svc(c), { fundingSource, year })));
  return (
    <table>
      <caption>{year} 年算力补贴预算使用（按资金来源）</caption>
      <thead><tr><th scope="col">资金来源</th><th scope="col">预算</th><th scope="col">已占用（已公示轮次）</th><th scope="col">剩余</th><th scope="col">使用比例</th></tr></thead>
      <tbody>
        {budgets.map((b) => {
          const used = b.amount ? Math.min(100, percent(parseYuan(b.committed), parseYuan(b.amount))) : null;
          return (
            <tr>
              <th scope="row">{fundingName(b.fundingSource)}</th>
              <td class="num">{b.amount ? yuan(b.amount) : '未设定（不按比例核减）'}</td>
              <td class="num">{yuan(b.committed)}</td>
              <td class="num">{b.remaining ? yuan(b.remaining) : '—'}</td>
              <td>
                {used === null ? '—' : (
                  <>
                    <progress max={100} value={used} aria-label={`${fundingName(b.fundingSource)}预算使用比例`}>{used}%</progress> {used}%
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function registerBatchPages(app: Hono<ConsoleEnv>): void {
  app.get('/finance/batches', async (c) => {
    const year = yearParam(c);
    const list = await listBatches(svc(c), { limit: 100 });
    return render(c, (
      <Layout c={c} title="拨付批次">
        <section aria-labelledby="budget-h">
          <h2 id="budget-h">预算使用</h2>
          <form method="get" action="/console/finance/batches" class="inline">
            <label for="year">年度</label>
            <input id="year" name="year" type="number" min="2000" max="2100" value={String(year)} />
            <button type="submit">查看</button>
          </form>
          <BudgetUse c={c} year={year} />
        </section>
        {me(c).role === 'finance_preparer' ? (
          <section aria-labelledby="prepare-h" class="card">
            <h2 id="prepare-h">经办新批次</h2>
            <form method="post" action="/console/finance/batches" class="inline">
              <CsrfField token={csrfOf(c)} />
              <label for="fundingSource">资金来源</label>
              <select id="fundingSource" name="fundingSource" required>
                {Object.entries(FUNDING_NAMES).map(([k, v]) => (<option value={k}>{v}</option>))}
              </select>
              <label for="batchYear">年度（可不填，表示全部年度）</label>
              <input id="batchYear" name="year" type="number" min="2000" max="2100" />
              <button type="submit">生成批次</button>
            </form>
          </section>
        ) : null}
        <table>
          <caption>批次列表</caption>
          <thead><tr><th scope="col">批次</th><th scope="col">资金来源</th><th scope="col">年度</th><th scope="col">合计</th><th scope="col">状态</th><th scope="col">经办</th><th scope="col">审批</th><th scope="col">生成时间</th></tr></thead>
          <tbody>
            {list.items.map((b) => (
              <tr>
                <td><a href={`/console/finance/batches/${b.id}`}>{b.id}</a></td>
                <td>{fundingName(b.fundingSource)}</td>
                <td>{b.year ?? '全部'}</td>
                <td class="num">{yuan(b.total)}</td>
                <td data-status={b.status}>{batchStatusName(b.status)}</td>
                <td>{b.preparedBy}</td>
                <td>{b.approvedBy ?? '—'}</td>
                <td>{beijingTime(b.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>
    ));
  });

  app.post('/finance/batches', async (c) => {
    const body = await c.req.parseBody({ all: true });
    return act(c, '/console/finance/batches', async () => {
      const year = field(body, 'year');
      const batch = await prepareBatch(svc(c), PrepareBatchInput.parse({ fundingSource: field(body, 'fundingSource'), ...(year ? { year: Number(year) } : {}) }));
      return `/console/finance/batches/${batch.id}?ok=prepared`;
    });
  });
}
