import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { me, render, svc, yearParam } from '../render.js';
import { yuan } from '../format.js';
import { BarChart } from '../charts.js';
import { BudgetUse } from './batches.js';
import { OFFICE_NAMES, fundingName, officeName, statusName, typeName } from '../labels.js';
import { parseYuan, type Fen } from '../../domain/money.js';
import { OFFICES } from '../../identity/principal.js';
import { AWARDED_STATES } from '../../workflow/index.js';
import { applicationStats } from '../../services/applications/application-stats.js';
import { countDeadLetters } from '../../services/jobs/count-dead-letters.js';
import { EnterpriseHome } from './enterprise-home.js';

type Group = Awaited<ReturnType<typeof applicationStats>>['groups'][number];
const BUDGET_READERS = new Set(['admin', 'finance_preparer', 'finance_approver', 'auditor']);

/** Sums counts and fen amounts of the groups by one key. */
function tally(groups: Group[], key: (g: Group) => string): Map<string, { count: number; amount: Fen }> {
  const out = new Map<string, { count: number; amount: Fen }>();
  for (const g of groups) {
    const t = out.get(key(g)) ?? { count: 0, amount: 0 };
    t.count += g.count;
    t.amount += parseYuan(g.amount);
    out.set(key(g), t);
  }
  return out;
}

function officeFilter(c: Context<ConsoleEnv>) {
  const o = c.req.query('office');
  return o && (OFFICES as readonly string[]).includes(o) ? (o as (typeof OFFICES)[number]) : undefined;
}

export function registerDashboard(app: Hono<ConsoleEnv>): void {
  app.get('/dashboard', async (c) => {
    const year = yearParam(c);
    // An enterprise's first page is its own running position; an admin may open any enterprise's with ?uscc=.
    const who = me(c);
    const enterprise = who.role === 'enterprise' ? who.scope : who.role === 'admin' ? (c.req.query('uscc') ?? null) : null;
    if (enterprise) return render(c, <EnterpriseHome c={c} uscc={enterprise} year={year} />);
    const office = officeFilter(c);
    const stats = await applicationStats(svc(c), { year, ...(office ? { office } : {}) });
    const byStatus = tally(stats.groups, (g) => g.status);
    const byType = tally(stats.groups, (g) => g.type);
    const byOffice = tally(stats.groups, (g) => g.office);
    const awarded = tally(stats.groups.filter((g) => (AWARDED_STATES as readonly string[]).includes(g.status)), (g) => g.fundingSource);
    const p = me(c);
    // Failed background jobs wait for the admin, who alone may retry them.
    const failedJobs = p.role === 'admin' ? await countDeadLetters(svc(c)) : null;
    return render(c, (
      <Layout c={c} title={`统计看板 · ${year} 年`}>
        {failedJobs === null ? null : (
          <p id="failed-jobs" role={failedJobs > 0 ? 'alert' : 'status'}>
            {failedJobs > 0
              ? `后台任务：${failedJobs} 个任务因错误失败，等待管理员处理（经 GET /v1/admin/jobs?state=failed 查看原因，处理后重试）。`
              : '后台任务：没有失败的任务。'}
          </p>
        )}
        <form method="get" action="/console/dashboard" class="inline">
          <label for="year">年度</label>
          <input id="year" name="year" type="number" min="2000" max="2100" value={String(year)} />
          {p.role === 'city_reviewer' ? null : (
            <>
              <label for="office">受理部门</label>
              <select id="office" name="office">
                <option value="">全省</option>
                {Object.entries(OFFICE_NAMES).map(([k, v]) => (<option value={k} selected={office === k}>{v}</option>))}
              </select>
            </>
          )}
          <button type="submit">查看</button>
        </form>
        <div class="charts">
          <BarChart id="by-status" title="按状态统计的申请数" bars={[...byStatus].map(([k, v]) => ({ label: statusName(k), value: v.count, display: `${v.count} 件` }))} />
          <BarChart id="by-type" title="按类型统计的金额" bars={[...byType].map(([k, v]) => ({ label: typeName(k), value: v.amount, display: yuan(v.amount) }))} />
        </div>
        <table>
          <caption>各受理部门的申请</caption>
          <thead><tr><th scope="col">受理部门</th><th scope="col">状态</th><th scope="col">类型</th><th scope="col">件数</th><th scope="col">金额</th></tr></thead>
          <tbody>
            {stats.groups.map((g) => (<tr><td>{officeName(g.office)}</td><td>{statusName(g.status)}</td><td>{typeName(g.type)}</td><td class="num">{g.count}</td><td class="num">{yuan(g.amount)}</td></tr>))}
          </tbody>
          <tfoot>
            {[...byOffice].map(([k, v]) => (<tr><th scope="row">{officeName(k)} 合计</th><td></td><td></td><td class="num">{v.count}</td><td class="num">{yuan(v.amount)}</td></tr>))}
          </tfoot>
        </table>
        <section aria-labelledby="budget-h">
          <h2 id="budget-h">资金使用</h2>
          <BarChart id="awarded" title="已批准金额（按资金来源）" bars={[...awarded].map(([k, v]) => ({ label: fundingName(k), value: v.amount, display: yuan(v.amount) }))} />
          {BUDGET_READERS.has(p.role) ? <BudgetUse c={c} year={year} /> : <p>预算明细仅对财务、审计和管理员开放。</p>}
        </section>
      </Layout>
    ));
  });
}
