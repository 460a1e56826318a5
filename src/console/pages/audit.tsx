import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { render, svc, withQuery } from '../render.js';
import { beijingTime, json } from '../format.js';
import { AuditQuery, listAuditEvents, verifyAudit } from '../../services/audit/list-audit-events.js';
import { actorLabels } from '../actors.js';
import { actionName, chainReason, entityName, ENTITY_NAMES } from '../audit-labels.js';

const FILTERS = ['entityType', 'entityId', 'actor', 'after'] as const;

function query(c: Context<ConsoleEnv>) {
  const raw: Record<string, string> = {};
  for (const k of FILTERS) {
    const v = c.req.query(k);
    if (v) raw[k] = v;
  }
  const parsed = AuditQuery.safeParse({ ...raw, limit: '100' });
  return parsed.success ? parsed.data : AuditQuery.parse({ limit: '100' });
}

/** The audit viewer: every state change with who, when, before and after, filterable and paged. */
export function registerAuditPage(app: Hono<ConsoleEnv>): void {
  app.get('/audit', async (c) => {
    const q = query(c);
    const [page, verdict] = await Promise.all([
      listAuditEvents(svc(c), q),
      c.req.query('verify') === '1' ? verifyAudit(svc(c)) : Promise.resolve(null),
    ]);
    const who = await actorLabels(c, page.items.map((e) => e.actor));
    const keep = Object.fromEntries(FILTERS.filter((k) => k !== 'after' && q[k] !== undefined).map((k) => [k, String(q[k])]));
    return render(c, (
      <Layout c={c} title="审计日志">
        <form method="get" action="/console/audit" class="filters" aria-label="筛选审计事件">
          <label for="entityType">对象类型</label>
          <select id="entityType" name="entityType">
            <option value="">全部</option>
            {Object.entries(ENTITY_NAMES).map(([k, v]) => (<option value={k} selected={q.entityType === k}>{v}</option>))}
          </select>
          <label for="entityId">对象编号</label>
          <input id="entityId" name="entityId" value={q.entityId ?? ''} />
          <label for="actor">操作人</label>
          <input id="actor" name="actor" value={q.actor ?? ''} />
          <button type="submit">筛选</button>
        </form>
        <form method="get" action="/console/audit" class="inline">
          <input type="hidden" name="verify" value="1" />
          <button type="submit">校验审计链</button>
        </form>
        {verdict ? (
          <p role="status" class={verdict.ok ? 'flash ok' : 'flash err'}>
            {verdict.ok ? `审计链完整，共 ${verdict.rows} 条。` : `审计链在第 ${verdict.brokenSeq ?? '?'} 条断开：${chainReason(verdict.reason)}`}
          </p>
        ) : null}
        <table class="audit">
          <caption>审计事件（按顺序，每页 100 条）</caption>
          <thead><tr><th scope="col">序号</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">变更前</th><th scope="col">变更后</th></tr></thead>
          <tbody>
            {page.items.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>{beijingTime(e.at)}</td>
                <td>{who(e.actor)}</td>
                <td data-action={e.action}>{actionName(e.action)}</td>
                <td>{entityName(e.entityType)} {e.entityId}</td>
                <td><code>{json(e.before)}</code></td>
                <td><code>{json(e.after)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.nextAfter !== null ? <p><a href={withQuery('/console/audit', { ...keep, after: String(page.nextAfter) })}>下一页</a></p> : null}
      </Layout>
    ));
  });
}
