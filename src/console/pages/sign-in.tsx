import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { messageFor, shownError } from '../errors.js';
import { field, render, svc } from '../render.js';
import { CSRF_FIELD, signInCsrfToken } from '../csrf.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';
import { SignInInput, signIn, signOut } from '../../services/users/sign-in.js';

/** Only a path inside the console may be returned to after sign-in, never another site. */
function safeNext(next: string): string {
  return /^\/console(\/[^/\\]|\/?$|\?)/.test(next) && !next.includes('//') ? next : '/console';
}

function SignInPage(props: { c: Context<ConsoleEnv>; token: string; next: string; error?: string; userId?: string }) {
  return (
    <Layout c={props.c} title="登录">
      {props.error ? (
        <div class="flash err" role="alert">
          <p>{props.error}</p>
        </div>
      ) : null}
      <form method="post" action="/console/sign-in" class="stack narrow">
        <input type="hidden" name={CSRF_FIELD} value={props.token} />
        <input type="hidden" name="next" value={props.next} />
        <label for="userId">账号（用户编号）</label>
        <input id="userId" name="userId" type="text" autocomplete="username" required value={props.userId ?? ''} />
        <label for="password">密码</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">登录</button>
      </form>
    </Layout>
  );
}

export function registerSignIn(app: Hono<ConsoleEnv>): void {
  app.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next') ?? '/console'), 303);
    return render(c, <SignInPage c={c} token={signInCsrfToken(c)} next={safeNext(c.req.query('next') ?? '/console')} />);
  });

  app.post('/sign-in', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const next = safeNext(field(body, 'next'));
    const { config } = c.get('deps');
    const input = SignInInput.safeParse({ userId: field(body, 'userId'), password: field(body, 'password') });
    try {
      if (!input.success) throw input.error;
      const result = await signIn(svc(c), input.data, {
        maxFailures: config.CONSOLE_MAX_FAILED_SIGN_INS,
        lockoutMinutes: config.CONSOLE_LOCKOUT_MINUTES,
        sessionMinutes: config.CONSOLE_SESSION_MINUTES,
      });
      setSessionCookie(c, result.token, result.expiresAt);
      return c.redirect(next, 303);
    } catch (err) {
      const shown = shownError(err);
      const status = shown.code === 'ACCOUNT_LOCKED' ? 423 : shown.code === 'VALIDATION_FAILED' ? 422 : 401;
      const page = <SignInPage c={c} token={signInCsrfToken(c)} next={next} error={messageFor(shown.code)} userId={field(body, 'userId')} />;
      return render(c, page, status);
    }
  });

  app.post('/sign-out', async (c) => {
    const session = c.get('session');
    if (session) await signOut(svc(c), session.id);
    clearSessionCookie(c);
    return c.redirect('/console/sign-in?ok=signed_out', 303);
  });
}
