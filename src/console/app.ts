import { Hono, type Context } from 'hono';
import { limitBody as limitBodySize } from '../http/body-limit.js';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import type { ConsoleEnv } from './env.js';
import { consoleHeaders } from './headers.js';
import { registerAssets } from './assets.js';
import { loadSession, requireSession } from './session.js';
import { csrfProtection } from './csrf.js';
import { errorPage, notFoundPage } from './pages/error.js';
import { registerSignIn } from './pages/sign-in.js';
import { registerInvoicePages } from './pages/invoices.js';
import { registerInvoiceDetail } from './pages/invoice-detail.js';
import { registerApplicationList } from './pages/applications.js';
import { registerApplicationDetail } from './pages/application-detail.js';
import { registerDecisionLetter } from './pages/decision-letter.js';
import { registerNoticePages } from './pages/notices.js';
import { registerExceptionPages } from './pages/exceptions.js';
import { registerBatchPages } from './pages/batches.js';
import { registerBatchDetail } from './pages/batch-detail.js';
import { registerDashboard } from './pages/dashboard.js';
import { registerAuditPage } from './pages/audit.js';
import { registerApplicationVerbs } from './pages/application-verbs.js';
import { registerUserPages } from './pages/users.js';
import { registerCreditImport } from './pages/credit-import.js';
import { registerProviderPage } from './pages/provider-overview.js';

/** Where each role starts. */
const HOME: Record<string, string> = {
  enterprise: '/console/dashboard',
  city_reviewer: '/console/applications',
  provincial_reviewer: '/console/applications',
  finance_preparer: '/console/finance/exceptions',
  finance_approver: '/console/finance/batches',
  auditor: '/console/audit',
  admin: '/console/dashboard',
  provider: '/console/provider',
};

function limitBody() {
  return async (c: Context<ConsoleEnv>, next: () => Promise<void>) => {
    if (c.req.method !== 'POST') return next();
    const max = c.get('deps').config.BODY_MAX_BYTES;
    return limitBodySize<ConsoleEnv>({ maxSize: max, onError: (cc) => cc.redirect(`${cc.req.path}?err=PAYLOAD_TOO_LARGE`, 303) })(c, next);
  };
}

/**
 * The web console at /console: server-rendered pages over the same service verbs as the JSON API, so
 * scope checks and audit are the API's own. Order matters: assets need no session; sign-in needs the
 * session and CSRF checks but not a signed-in user; everything after requireSession does.
 */
export function registerConsole(app: OpenAPIHono<AppEnv>): void {
  const ui = new Hono<ConsoleEnv>();
  ui.use('*', consoleHeaders());
  registerAssets(ui);
  ui.use('*', limitBody());
  ui.use('*', loadSession());
  ui.use('*', csrfProtection());
  registerSignIn(ui);
  ui.use('*', requireSession());
  ui.get('/', (c) => c.redirect(HOME[c.get('session')!.principal.role] ?? '/console/applications', 303));
  registerInvoicePages(ui);
  registerInvoiceDetail(ui);
  registerApplicationList(ui);
  registerApplicationDetail(ui);
  registerDecisionLetter(ui);
  registerNoticePages(ui);
  registerExceptionPages(ui);
  registerBatchPages(ui);
  registerBatchDetail(ui);
  registerDashboard(ui);
  registerAuditPage(ui);
  registerApplicationVerbs(ui);
  registerUserPages(ui);
  registerCreditImport(ui);
  registerProviderPage(ui);
  ui.all('*', notFoundPage);
  ui.onError(errorPage);
  app.route('/console', ui as unknown as Hono<AppEnv>);
}
