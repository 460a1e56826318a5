import type { Context } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { messageFor } from '../errors.js';
import { render } from '../render.js';

/** A state-changing request that failed the CSRF or origin check: refused, with nothing changed. */
export function refusalPage(c: Context<ConsoleEnv>, code: 'csrf' | 'cross_site'): Promise<Response> {
  return render(
    c,
    <Layout c={c} title="请求被拒绝">
      <div class="flash err" role="alert">
        <p>{messageFor(code)}</p>
      </div>
      <p>
        <a href="/console">返回首页</a>
      </p>
    </Layout>,
    403,
  );
}
