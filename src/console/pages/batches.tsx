import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, field, me, render, svc, yearParam } from '../render.js';
import { beijingTime, percent, yuan } from '../format.js';
import { batchStatusName, FUNDING_NAMES, fundingName } from '../labels.js';
import { actorLabels } from '../actors.js';
import { kept, Pager } from '../paging.js';
import { parseYuan } from '../../domain/money.js';
import { getBudget } from '../../services/payouts/budgets.js';
import { FUNDING_SOURCES } from '../../services/payouts/budget-usage.js';
import { ListBatchesQuery, listBatches } from '../../services/payouts/get-batch.js';
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

const BATCH_PAGE_SIZE = 50;
const BATCH_STATUS_NAMES: Record<string, string> = { prepared: '待审批', approved: '已审批', paid: '已支付', discarded: '已撤回' };

/** The list's filters from the query string; a malformed one is dropped rather than refused. */
function batchFilters(c: Context<ConsoleEnv>) {
  const raw: Record<string, string> = {};
  for (const k of ['number', 'status', 'fundingSource', 'before'] as const) {
    const v = c.req.query(k)?.trim();
    if (v && ListBatchesQuery.safeParse({ [k]: v }).success) raw[k] = v;
  }
  return ListBatchesQuery.parse(raw);
}

export function registerBatchPages(app: Hono<ConsoleEnv>): void {
  app.get('/finance/batches', async (c) => {
    const year = yearParam(c);
    const q = batchFilters(c);
    const list = await listBatches(svc(c), { ...q, limit: BATCH_PAGE_SIZE });
    const who = await actorLabels(c, list.items.flatMap((b) => [b.preparedBy, b.approvedBy]));
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
        <form method="get" action="/console/finance/batches" class="filters" role="search" aria-label="查找批次">
          <label for="number">批次编号</label>
          <input id="number" name="number" value={q.number ?? ''} placeholder="如 2026-SJ-0003，可只填一部分" />
          <label for="status">状态</label>
          <select id="status" name="status">
            <option value="">全部</option>
            {Object.entries(BATCH_STATUS_NAMES).map(([k, v]) => (<option value={k} selected={q.status === k}>{v}</option>))}
          </select>
          <label for="source">按资金来源</label>
          <select id="source" name="fundingSource">
            <option value="">全部</option>
            {Object.entries(FUNDING_NAMES).map(([k, v]) => (<option value={k} selected={q.fundingSource === k}>{v}</option>))}
          </select>
          <button type="submit">查找</button>
        </form>
        <table>
          <caption>批次列表（每页 {BATCH_PAGE_SIZE} 条，按生成时间从新到旧）</caption>
          <thead><tr><th scope="col">批次</th><th scope="col">资金来源</th><th scope="col">年度</th><th scope="col">合计</th><th scope="col">状态</th><th scope="col">经办</th><th scope="col">审批</th><th scope="col">生成时间</th></tr></thead>
          <tbody>
            {list.items.map((b) => (
              <tr>
                <td><a href={`/console/finance/batches/${b.id}`}>{b.number ?? '（未编号）'}</a></td>
                <td>{fundingName(b.fundingSource)}</td>
                <td>{b.year ?? '全部'}</td>
                <td class="num">{yuan(b.total)}</td>
                <td data-status={b.status}>{batchStatusName(b.status)}</td>
                <td>{who(b.preparedBy)}</td>
                <td>{who(b.approvedBy)}</td>
                <td>{beijingTime(b.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager path="/console/finance/batches" keep={kept(q, ['number', 'status', 'fundingSource'])} cursor="before" next={list.nextBefore} paged={q.before !== undefined} />
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
