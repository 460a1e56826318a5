import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { me, render, svc } from '../render.js';
import { yuan } from '../format.js';
import { kept, Pager } from '../paging.js';
import { OFFICE_NAMES, STATUS_NAMES, TYPE_NAMES, fundingName, officeName, statusName, typeName } from '../labels.js';
import { ListApplicationsQuery, listApplications } from '../../services/applications/list-applications.js';

/** Rows per page: a whole office's year is read page by page, never cut off at a ceiling. */
export const APPLICATION_PAGE_SIZE = 50;
const FILTERS = ['number', 'unit', 'status', 'type', 'office', 'year'] as const;

/** Filters from the query string; unknown or malformed values are dropped rather than refused. */
function filters(c: Context<ConsoleEnv>) {
  const raw: Record<string, string> = {};
  for (const k of [...FILTERS, 'uscc', 'before'] as const) {
    const v = c.req.query(k)?.trim();
    if (v) raw[k] = v;
  }
  const parsed = ListApplicationsQuery.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Keep the filters that are valid on their own, so one bad value does not empty the whole search.
  const good = Object.fromEntries(Object.entries(raw).filter(([k, v]) => ListApplicationsQuery.safeParse({ [k]: v }).success));
  return ListApplicationsQuery.parse(good);
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
    const page = await listApplications(svc(c), { ...q, limit: APPLICATION_PAGE_SIZE });
    const p = me(c);
    const keep = kept(q, [...FILTERS, 'uscc']);
    return render(c, (
      <Layout c={c} title={p.role === 'city_reviewer' ? `申请（${officeName(p.scope)}）` : '申请'}>
        <form method="get" action="/console/applications" class="filters" role="search" aria-label="查找申请">
          <label for="number">申请编号</label>
          <input id="number" name="number" value={q.number ?? ''} placeholder="如 2026-FZ-00012，可只填一部分" />
          {p.role === 'enterprise' ? null : (
            <>
              <label for="unit">申请单位</label>
              <input id="unit" name="unit" value={q.unit ?? ''} placeholder="单位名称的一部分，或统一社会信用代码" />
            </>
          )}
          <Select id="status" label="状态" options={STATUS_NAMES} value={q.status} />
          <Select id="type" label="类型" options={TYPE_NAMES} value={q.type} />
          {p.role === 'city_reviewer' || p.role === 'enterprise' ? null : <Select id="office" label="受理部门" options={OFFICE_NAMES} value={q.office} />}
          <label for="year">年度</label>
          <input id="year" name="year" type="number" min="2000" max="2100" value={q.year ? String(q.year) : ''} />
          <button type="submit">查找</button>
        </form>
        {page.items.length ? (
          <>
            <table>
              <caption>共 {page.total} 条，本页 {page.items.length} 条（每页 {APPLICATION_PAGE_SIZE} 条，按提交时间从新到旧）</caption>
              <thead>
                <tr><th scope="col">申请编号</th><th scope="col">申请单位</th><th scope="col">类型</th><th scope="col">年度</th><th scope="col">受理部门</th><th scope="col">资金来源</th><th scope="col">金额</th><th scope="col">状态</th></tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr data-application={a.number ?? ''}>
                    <td><a href={`/console/applications/${a.id}`}>{a.number ?? '（未编号）'}</a></td>
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
            <Pager path="/console/applications" keep={keep} cursor="before" next={page.nextBefore} paged={q.before !== undefined} />
          </>
        ) : (
          <p>没有符合条件的申请。</p>
        )}
      </Layout>
    ));
  });
}
