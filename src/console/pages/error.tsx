import type { Context } from 'hono';
import { ZodError } from 'zod';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { messageFor } from '../errors.js';
import { render } from '../render.js';
import { ServiceError } from '../../services/errors.js';
import { httpStatus } from '../../http/problem.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable } from '../../http/database-outage.js';
import { readsOnly } from '../../http/methods.js';

function ErrorPage({ c, title, message }: { c: Context<ConsoleEnv>; title: string; message: string }) {
  return (
    <Layout c={c} title={title}>
      <div class="flash err" role="alert"><p>{message}</p></div>
      <p><a href="/console">返回首页</a></p>
    </Layout>
  );
}

export function notFoundPage(c: Context<ConsoleEnv>): Promise<Response> {
  return render(c, <ErrorPage c={c} title="未找到" message={messageFor('NOT_FOUND')} />, 404);
}

/** What a page or a form says while the database cannot be reached: nothing was read, or nothing was saved. */
export function databaseUnavailableMessage(method: string): string {
  return readsOnly(method)
    ? '数据库暂时无法访问，未能读取任何内容，请稍后刷新页面。'
    : '数据库暂时无法访问，本次提交的内容未保存，请稍后重新提交。';
}

/**
 * A verb's refusal while showing a page (out of scope → 404, wrong role → 403); the database out of reach is
 * 503 with Retry-After (reported once per outage, as for the API); anything else is logged.
 */
export function errorPage(err: Error, c: Context<ConsoleEnv>): Promise<Response> {
  if (err instanceof ServiceError) {
    const title = err.kind === 'NOT_FOUND' ? '未找到' : err.kind === 'FORBIDDEN' ? '无权访问' : '无法完成';
    return render(c, <ErrorPage c={c} title={title} message={messageFor(err.code)} />, httpStatus(err));
  }
  if (err instanceof ZodError) return render(c, <ErrorPage c={c} title="无法完成" message={messageFor('VALIDATION_FAILED')} />, 422);
  if (databaseUnavailable(c.get('deps'), err)) {
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return render(c, <ErrorPage c={c} title="暂时无法访问" message={databaseUnavailableMessage(c.req.method)} />, 503);
  }
  (c.get('logger') ?? c.get('deps').logger).error({ err }, 'console page failed');
  return render(c, <ErrorPage c={c} title="出错了" message="服务暂时出错，已记录请求编号，请稍后再试。" />, 500);
}
