import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { me, render, svc } from '../render.js';
import { yuan } from '../format.js';
import { OFFICE_NAMES, STATUS_NAMES, TYPE_NAMES, fundingName, officeName, statusName, typeName } from '../labels.js';
import { ListApplicationsQuery, listApplications } from '../../services/applications/list-applications.js';

/** Filters from the query string; unknown or malformed values are dropped rather than refused. */
function filters(c: Context<ConsoleEnv>) {
  const raw: Record<string, string> = {};
  for (const k of ['status', 'type', 'office', 'year', 'uscc'] as const) {
    const v = c.req.query(k);
    if (v) raw[k] = v;
  }
  const parsed = ListApplicationsQuery.safeParse(raw);
  return parsed.success ? parsed.data : ListApplicationsQuery.parse({});
}

function Select(props: { id: string; label: string; options: Record<string, string>; value: string | undefined }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">全部</option>
        {Object.entries(props.options).map(([k, v]) => (
          <option value={k} selected={props.value === k}>{v}</option>
        ))}
      </select>
    </>
  );
}

export function registerApplicationList(app: Hono<ConsoleEnv>): void {
  app.get('/applications', async (c) => {
    const q = filters(c);
    const page = await listApplications(svc(c), { ...q, limit: 200 });
    const p = me(c);
    return render(c, (
      <Layout c={c} title={p.role === 'city_reviewer' ? `申请（${officeName(p.scope)}）` : '申请'}>
        <form method="get" action="/console/applications" class="filters" aria-label="筛选申请">
          <Select id="status" label="状态" options={STATUS_NAMES} value={q.status} />
          <Select id="type" label="类型" options={TYPE_NAMES} value={q.type} />
          {p.role === 'city_reviewer' || p.role === 'enterprise' ? null : <Select id="office" label="受理部门" options={OFFICE_NAMES} value={q.office} />}
          <label for="year">年度</label>
          <input id="year" name="year" type="number" min="2000" max="2100" value={q.year ? String(q.year) : ''} />
          <button type="submit">筛选</button>
        </form>
        {page.items.length ? (
          <table>
            <caption>共 {page.items.length} 条{page.nextBefore ? '（仅显示最近 200 条）' : ''}</caption>
            <thead>
              <tr><th scope="col">申请</th><th scope="col">申请单位</th><th scope="col">类型</th><th scope="col">年度</th><th scope="col">受理部门</th><th scope="col">资金来源</th><th scope="col">金额</th><th scope="col">状态</th></tr>
            </thead>
            <tbody>
              {page.items.map((a) => (
                <tr>
                  <td><a href={`/console/applications/${a.id}`}>{a.id}</a></td>
                  <td>{a.applicantName ?? a.uscc}</td>
                  <td>{typeName(a.type)}</td>
                  <td>{a.year}</td>
                  <td>{officeName(a.office)}</td>
                  <td>{fundingName(a.fundingSource)}</td>
                  <td class="num">{yuan(a.amount)}</td>
                  <td data-status={a.status}>{statusName(a.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>没有符合条件的申请。</p>
        )}
      </Layout>
    ));
  });
}
