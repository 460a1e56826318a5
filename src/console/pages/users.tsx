import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, field, me, render, svc } from '../render.js';
import { beijingTime } from '../format.js';
import { officeName, roleName } from '../labels.js';
import { kept, Pager } from '../paging.js';
import { ListUsersQuery, listUsers } from '../../services/users/list-users.js';
import { DisableUserInput, disableUser, revokeUserTokens } from '../../services/users/disable-user.js';
import { getEnterprise } from '../../services/enterprises/get-enterprise.js';
import { ServiceError } from '../../services/errors.js';

const ROLE_NAMES: Record<string, string> = {
  admin: '管理员', enterprise: '企业', city_reviewer: '市级审核员', provincial_reviewer: '省级审核员',
  finance_preparer: '财务经办', finance_approver: '财务审批', auditor: '审计员',
};

function usersQuery(c: Context<ConsoleEnv>) {
  const raw: Record<string, string> = {};
  for (const k of ['role', 'after'] as const) {
    const v = c.req.query(k);
    if (v && ListUsersQuery.safeParse({ [k]: v }).success) raw[k] = v;
  }
  return ListUsersQuery.parse({ ...raw, limit: '50' });
}

/** What a user's scope means: an office by name, an enterprise by its name, province-wide roles the province. */
function scopeText(role: string, scope: string | null, names: Map<string, string>): string {
  if (!scope) return '全省';
  if (role === 'city_reviewer') return officeName(scope);
  return names.get(scope) ?? scope;
}

/** Names of the enterprises the page's users are scoped to; one no longer registered keeps its code. */
async function enterpriseNames(c: Context<ConsoleEnv>, usccs: string[]): Promise<Map<string, string>> {
  const found = await Promise.all(
    [...new Set(usccs)].map((u) => getEnterprise(svc(c), u).then((e) => [u, e.name] as const, (err) => (err instanceof ServiceError ? null : Promise.reject(err)))),
  );
  return new Map(found.filter((x): x is readonly [string, string] => x !== null));
}

/** The administrator's register of users: who holds which role, and the two ways to cut someone off. */
export function registerUserPages(app: Hono<ConsoleEnv>): void {
  app.get('/admin/users', async (c) => {
    const q = usersQuery(c);
    const page = await listUsers(svc(c), q);
    const self = me(c).userId;
    const names = await enterpriseNames(c, page.items.filter((u) => u.role === 'enterprise' && u.scope).map((u) => u.scope!));
    return render(c, (
      <Layout c={c} title="用户与令牌">
        <form method="get" action="/console/admin/users" class="filters" role="search" aria-label="筛选用户">
          <label for="role">角色</label>
          <select id="role" name="role">
            <option value="">全部</option>
            {Object.entries(ROLE_NAMES).map(([k, v]) => (<option value={k} selected={q.role === k}>{v}</option>))}
          </select>
          <button type="submit">筛选</button>
        </form>
        <p>停用用户：其 API 令牌和控制台登录立即失效，记录及其办理过的事项保留。吊销令牌：只让 API 令牌失效，控制台密码登录不受影响。</p>
        <table>
          <caption>用户（每页 50 条）</caption>
          <thead><tr><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">范围</th><th scope="col">登录账号</th><th scope="col">有效令牌</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
          <tbody>
            {page.items.map((u) => (
              <tr data-user={u.id}>
                <td>{u.name}</td>
                <td>{roleName(u.role)}</td>
                <td>{scopeText(u.role, u.scope, names)}</td>
                <td><code>{u.id}</code></td>
                <td class="num">{u.liveTokens}</td>
                <td data-status={u.disabledAt ? 'disabled' : 'active'}>{u.disabledAt ? `已停用（${beijingTime(u.disabledAt)}）` : u.lockedUntil ? '临时锁定' : '正常'}</td>
                <td>
                  {u.id === self || u.disabledAt ? '—' : (
                    <>
                      <form method="post" action={`/console/admin/users/${u.id}/revoke-tokens`} class="stack">
                        <CsrfField token={csrfOf(c)} />
                        <label for={`rv-${u.id}`}>吊销{u.name}的令牌的原因</label>
                        <input id={`rv-${u.id}`} name="reason" required />
                        <button type="submit" disabled={u.liveTokens === 0 ? true : undefined}>吊销全部令牌</button>
                      </form>
                      <form method="post" action={`/console/admin/users/${u.id}/disable`} class="stack">
                        <CsrfField token={csrfOf(c)} />
                        <label for={`ds-${u.id}`}>停用{u.name}的原因</label>
                        <input id={`ds-${u.id}`} name="reason" required />
                        <button type="submit">停用用户</button>
                      </form>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager path="/console/admin/users" keep={kept(q, ['role'])} cursor="after" next={page.nextAfter} paged={q.after !== undefined} />
      </Layout>
    ));
  });

  for (const [path, fn, ok] of [
    ['disable', disableUser, 'user_disabled'],
    ['revoke-tokens', revokeUserTokens, 'tokens_revoked'],
  ] as const) {
    app.post(`/admin/users/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const body = await c.req.parseBody({ all: true });
      return act(c, '/console/admin/users', async () => {
        await fn(svc(c), id, DisableUserInput.parse({ reason: field(body, 'reason') }));
        return `/console/admin/users?ok=${ok}`;
      });
    });
  }
}
