import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, field, me, render, svc } from '../render.js';
import { beijingTime, yuan } from '../format.js';
import { resolutionName, statusName, typeName } from '../labels.js';
import { listApplications } from '../../services/applications/list-applications.js';
import { closeNotice } from '../../services/notices/close-notice.js';
import { getNotice, listNotices } from '../../services/notices/get-notice.js';
import { PublishNoticeInput, publishNotice } from '../../services/notices/publish-notice.js';
import { ObjectionInput, raiseObjection } from '../../services/notices/raise-objection.js';
import { ResolveObjectionInput, resolveObjection } from '../../services/notices/resolve-objection.js';
import { shanghaiDate } from '../../services/policy/index.js';

const PUBLISHERS = new Set(['provincial_reviewer', 'admin']);
const noticeStatus = (s: string) => (s === 'open' ? '公示中' : '已结束');

async function PublishForm({ c }: { c: Context<ConsoleEnv> }) {
  const approved = await listApplications(svc(c), { status: 'provincially_approved', limit: 500 });
  if (!approved.items.length) return <p>目前没有待公示的申请。</p>;
  return (
    <form method="post" action="/console/notices" class="stack card">
      <CsrfField token={csrfOf(c)} />
      <fieldset>
        <legend>选择要公示的申请（省级评审已通过）</legend>
        {approved.items.map((a) => (
          <div class="check">
            <input type="checkbox" id={`app-${a.id}`} name="applicationIds" value={a.id} />
            <label for={`app-${a.id}`}>{a.number ?? ''} {a.applicantName ?? a.uscc} · {typeName(a.type)} · {yuan(a.amount)}</label>
          </div>
        ))}
      </fieldset>
      <label for="startsOn">公示开始日期</label>
      <input id="startsOn" name="startsOn" type="date" required value={shanghaiDate(c.get('deps').clock())} />
      <button type="submit">发布公示</button>
    </form>
  );
}

export function registerNoticePages(app: Hono<ConsoleEnv>): void {
  app.get('/notices', async (c) => {
    const list = await listNotices(svc(c));
    return render(c, (
      <Layout c={c} title="公示">
        {PUBLISHERS.has(me(c).role) ? (<section aria-labelledby="publish-h"><h2 id="publish-h">发布公示</h2><PublishForm c={c} /></section>) : null}
        <table>
          <caption>公示列表</caption>
          <thead><tr><th scope="col">公示</th><th scope="col">开始</th><th scope="col">结束</th><th scope="col">状态</th></tr></thead>
          <tbody>
            {list.items.map((n) => (<tr><td><a href={`/console/notices/${n.id}`}>{`${n.startsOn} 起的公示`}</a></td><td>{n.startsOn}</td><td>{n.endsOn}</td><td>{noticeStatus(n.status)}</td></tr>))}
          </tbody>
        </table>
      </Layout>
    ));
  });

  app.post('/notices', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const ids = body['applicationIds'];
    return act(c, '/console/notices', async () => {
      const input = PublishNoticeInput.parse({ applicationIds: (Array.isArray(ids) ? ids : ids ? [ids] : []).filter((x) => typeof x === 'string'), startsOn: field(body, 'startsOn') });
      const notice = await publishNotice(svc(c), input);
      return `/console/notices/${notice.id}?ok=published`;
    });
  });

  app.get('/notices/:id', async (c) => {
    const n = await getNotice(svc(c), c.req.param('id'));
    const p = me(c);
    return render(c, (
      <Layout c={c} title={`公示 ${n.startsOn} 至 ${n.endsOn}`}>
        <p><a href="/console/notices">返回公示列表</a> · 状态：{noticeStatus(n.status)}</p>
        <p>对外公示页面（无需登录）：<a href={`/public/notices/${n.id}`}>网页</a> · <a href={`/public/notices/${n.id}.pdf`}>PDF</a></p>
        <table>
          <caption>公示的申请</caption>
          <thead><tr><th scope="col">申请单位</th><th scope="col">类型</th><th scope="col">档次</th><th scope="col">金额</th><th scope="col">状态</th><th scope="col">未处理异议</th></tr></thead>
          <tbody>
            {n.applications.map((a) => (<tr><td><a href={`/console/applications/${a.applicationId}`}>{a.applicationNumber ?? ''} {a.applicantName ?? a.uscc}</a></td><td>{typeName(a.type)}</td><td>{a.tier ?? '—'}</td><td class="num">{yuan(a.amount)}</td><td>{statusName(a.status)}</td><td>{a.openObjections}</td></tr>))}
          </tbody>
        </table>
        <section aria-labelledby="objections-h">
          <h2 id="objections-h">异议</h2>
          {n.objections.length ? (
            <ul>
              {n.objections.map((o) => (
                <li>
                  {beijingTime(o.createdAt)} 对 {n.applications.find((x) => x.applicationId === o.applicationId)?.applicationNumber ?? '该申请'}：{o.text}（{o.status === 'open' ? '待处理' : `已处理：${resolutionName(o.resolution)}${o.resolutionNote ? `，${o.resolutionNote}` : ''}`}）
                  {o.status === 'open' && p.role === 'provincial_reviewer' ? (
                    <form method="post" action={`/console/notices/${n.id}/objections/${o.id}/resolve`} class="inline">
                      <CsrfField token={csrfOf(c)} />
                      <label for={`upheld-${o.id}`}>处理结论</label>
                      <select id={`upheld-${o.id}`} name="upheld"><option value="false">异议不成立</option><option value="true">异议成立</option></select>
                      <label for={`rnote-${o.id}`}>处理说明</label>
                      <input id={`rnote-${o.id}`} name="note" required />
                      <button type="submit">处理异议</button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : <p>没有异议。</p>}
          {n.status === 'open' ? (
            <form method="post" action={`/console/notices/${n.id}/objections`} class="stack card">
              <CsrfField token={csrfOf(c)} />
              <label for="applicationId">异议针对的申请</label>
              <select id="applicationId" name="applicationId" required>
                {n.applications.map((a) => (<option value={a.applicationId}>{a.applicantName ?? a.uscc} · {typeName(a.type)}</option>))}
              </select>
              <label for="text">异议内容</label>
              <textarea id="text" name="text" rows={3} required></textarea>
              <button type="submit">提出异议</button>
            </form>
          ) : null}
        </section>
        {n.status === 'open' && PUBLISHERS.has(p.role) ? (
          <form method="post" action={`/console/notices/${n.id}/close`} class="inline">
            <CsrfField token={csrfOf(c)} />
            <button type="submit">结束公示并批准无异议的申请</button>
          </form>
        ) : null}
      </Layout>
    ));
  });

  app.post('/notices/:id/objections', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    return act(c, `/console/notices/${id}`, async () => {
      await raiseObjection(svc(c), id, ObjectionInput.parse({ applicationId: field(body, 'applicationId'), text: field(body, 'text') }));
      return `/console/notices/${id}?ok=objected`;
    });
  });

  app.post('/notices/:id/objections/:objectionId/resolve', async (c) => {
    const { id, objectionId } = c.req.param();
    const body = await c.req.parseBody({ all: true });
    return act(c, `/console/notices/${id}`, async () => {
      await resolveObjection(svc(c), id, objectionId, ResolveObjectionInput.parse({ upheld: field(body, 'upheld') === 'true', note: field(body, 'note') }));
      return `/console/notices/${id}?ok=resolved`;
    });
  });

  app.post('/notices/:id/close', async (c) => {
    const id = c.req.param('id');
    return act(c, `/console/notices/${id}`, async () => {
      await closeNotice(svc(c), id);
      return `/console/notices/${id}?ok=closed`;
    });
  });
}
