import type { Child } from 'hono/jsx';
import type { Context } from 'hono';
import type { UserPrincipal } from '../services/scope.js';
import type { ConsoleEnv } from './env.js';
import { messageFor } from './errors.js';
import { fieldName, roleName, officeName } from './labels.js';
import { OK_MESSAGES } from './ok-messages.js';
import { CSRF_FIELD } from './csrf.js';

interface NavItem {
  href: string;
  text: string;
}

/** What each role works on; the verbs still decide what each one may see. */
function navFor(p: UserPrincipal): NavItem[] {
  const items: Record<string, NavItem> = {
    invoices: { href: '/console/invoices', text: '发票与补贴' },
    applications: { href: '/console/applications', text: '申请' },
    notices: { href: '/console/notices', text: '公示' },
    exceptions: { href: '/console/finance/exceptions', text: '对账异常' },
    batches: { href: '/console/finance/batches', text: '拨付批次' },
    dashboard: { href: '/console/dashboard', text: '统计看板' },
    audit: { href: '/console/audit', text: '审计日志' },
    home: { href: '/console/dashboard', text: '首页' },
    users: { href: '/console/admin/users', text: '用户与令牌' },
    credit: { href: '/console/admin/credit-listings', text: '信用名单' },
    provider: { href: '/console/provider', text: '账单与对账' },
  };
  const byRole: Record<string, string[]> = {
    enterprise: ['home', 'invoices', 'applications', 'notices'],
    city_reviewer: ['applications', 'notices', 'dashboard'],
    provincial_reviewer: ['applications', 'notices', 'dashboard'],
    finance_preparer: ['exceptions', 'batches', 'dashboard'],
    finance_approver: ['exceptions', 'batches', 'dashboard'],
    auditor: ['audit', 'applications', 'batches', 'dashboard'],
    admin: ['applications', 'notices', 'exceptions', 'batches', 'dashboard', 'audit', 'users', 'credit'],
    provider: ['provider'],
  };
  return (byRole[p.role] ?? []).map((k) => items[k]!);
}

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

export interface LayoutProps {
  c: Context<ConsoleEnv>;
  title: string;
  children?: Child;
  scripts?: string[];
}

/** Every page: a skip link, the role's navigation, the flash message of the last action, then the content. */
export function Layout({ c, title, children, scripts }: LayoutProps) {
  const session = c.get('session');
  const p = session?.principal ?? null;
  const okCode = c.req.query('ok');
  const errCode = c.req.query('err');
  const ok = okCode ? OK_MESSAGES[okCode] : undefined;
  const fields = (c.req.query('fields') ?? '').split(',').filter((f) => /^[A-Za-z0-9_.]{1,64}$/.test(f));
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · 福建省人工智能补贴管理`}</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        {(scripts ?? []).map((s) => (
          <script src={`/console/assets/${s}`} defer></script>
        ))}
      </head>
      <body>
        <a class="skip" href="#main">跳到主要内容</a>
        <header class="top">
          <span class="brand">福建省 2026 年人工智能补贴管理</span>
          {p ? (
            <nav aria-label="主导航">
              <ul>
                {navFor(p).map((n) => (
                  <li>
                    <a href={n.href} aria-current={c.req.path.startsWith(n.href) ? 'page' : undefined}>{n.text}</a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {p && session ? (
            <form method="post" action="/console/sign-out" class="who">
              <span>
                {p.name}（{roleName(p.role)}
                {p.role === 'city_reviewer' ? ` · ${officeName(p.scope)}` : ''}）
              </span>
              <CsrfField token={session.csrfToken} />
              <button type="submit">退出登录</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {ok ? <p class="flash ok" role="status">{ok}</p> : null}
          {errCode ? (
            <div class="flash err" role="alert">
              <p>{messageFor(errCode)}</p>
              {fields.length ? <p>需要修改的项目：{[...new Set(fields.map(fieldName))].join('、')}</p> : null}
            </div>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  );
}
