import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { registerSystemRoutes } from './system.js';
import { registerUserRoutes } from './users.js';
import { registerEnterpriseRoutes } from './enterprises.js';
import { registerProviderRoutes } from './providers.js';
import { registerSupervisionRoutes } from './supervision.js';
import { registerAuditRoutes } from './audit.js';
import { registerInvoiceRoutes } from './invoices.js';
import { registerReconciliationRoutes } from './reconciliation.js';
import { registerPolicyRoutes } from './policy.js';
import { registerStatementRoutes } from './statements.js';
import { registerApplicationRoutes } from './applications.js';
import { registerNoticeRoutes } from './notices.js';
import { registerPayoutRoutes } from './payouts.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerTrustRoutes } from './trust.js';
import { registerAdminJobRoutes } from './admin-jobs.js';
import { registerConsole } from '../console/app.js';
import { registerPublicPages } from '../console/public.js';

/** Every route, registered explicitly, one file per resource. */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'providerSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>, with Authorization: Bearer <keyId>',
  });
  registerSystemRoutes(app);
  registerUserRoutes(app);
  registerEnterpriseRoutes(app);
  registerProviderRoutes(app);
  registerSupervisionRoutes(app);
  registerAuditRoutes(app);
  registerInvoiceRoutes(app);
  registerReconciliationRoutes(app);
  registerPolicyRoutes(app);
  registerStatementRoutes(app);
  registerApplicationRoutes(app);
  registerNoticeRoutes(app);
  registerPayoutRoutes(app);
  registerDashboardRoutes(app);
  registerTrustRoutes(app);
  registerAdminJobRoutes(app);
  registerConsole(app);
  registerPublicPages(app);
}
