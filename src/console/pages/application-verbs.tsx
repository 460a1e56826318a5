import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { act, field, svc } from '../render.js';
import type { ServiceContext } from '../../services/context.js';
import { ResubmitInput, WithdrawInput } from '../../services/applications/application-input.js';
import { resubmitApplication } from '../../services/applications/resubmit-application.js';
import { withdrawApplication } from '../../services/applications/withdraw-application.js';
import { AcceptanceInput, recordAcceptance } from '../../services/review/acceptance.js';
import { ExtensionInput, approveExtension } from '../../services/review/extension.js';

type Body = Record<string, unknown>;

/** The revision the user saw: a change made meanwhile by someone else is refused, not overwritten. */
function revisionOf(body: Body): number | undefined {
  const r = Number(field(body, 'revision'));
  return Number.isInteger(r) && r >= 0 ? r : undefined;
}

/** The resubmission's changes: a field left empty keeps what was declared. */
function resubmission(body: Body): ResubmitInput {
  const raw: Record<string, unknown> = {};
  for (const k of ['tier', 'totalInvestment', 'investment', 'name', 'exceptionRequested', 'note'] as const) {
    const v = field(body, k).trim();
    if (v) raw[k] = v;
  }
  const consortium = field(body, 'consortium').split(/[\s,，、]+/).filter(Boolean);
  if (consortium.length) raw.consortium = consortium.map((u) => u.toUpperCase());
  return ResubmitInput.parse(raw);
}

/** The applicant's and the implementing office's verbs on one application, each the API's own. */
export function registerApplicationVerbs(app: Hono<ConsoleEnv>): void {
  const verbs: [string, string, (ctx: ServiceContext, id: string, body: Body) => Promise<unknown>][] = [
    ['resubmit', 'resubmitted', (ctx, id, body) => resubmitApplication(ctx, id, resubmission(body), revisionOf(body))],
    ['withdraw', 'withdrawn', (ctx, id, body) => withdrawApplication(ctx, id, WithdrawInput.parse({ reason: field(body, 'reason') }), revisionOf(body))],
    ['acceptance', 'acceptance_recorded', (ctx, id, body) => recordAcceptance(ctx, id, AcceptanceInput.parse({ passed: field(body, 'passed') === 'true', note: field(body, 'note') }), revisionOf(body))],
    ['extension', 'extension_approved', (ctx, id, body) => approveExtension(ctx, id, ExtensionInput.parse({ months: Number(field(body, 'months')), note: field(body, 'note') }), revisionOf(body))],
  ];
  for (const [path, ok, run] of verbs) {
    app.post(`/applications/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      const body = await c.req.parseBody({ all: true });
      return act(c, `/console/applications/${id}`, async () => {
        await run(svc(c), id, body);
        return `/console/applications/${id}?ok=${ok}`;
      });
    });
  }
}
