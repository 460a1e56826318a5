import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { ConsoleEnv } from '../env.js';
import { CsrfField } from '../layout.js';
import { act, csrfOf, field, svc } from '../render.js';
import { yuan } from '../format.js';
import { serviceTypeName } from '../labels.js';
import { ManualMatchBody, ReasonBody, decideProposal, matchByHand } from '../../services/recon/resolutions.js';
import type { listProposals } from '../../services/recon/list-proposals.js';

/** A provider's statement line that no invoice matched, as the exceptions page offers it for a manual match. */
export interface OpenLine { id: number; lineId: string; amount: string; issueDate: string; serviceType: string }
type Proposal = Awaited<ReturnType<typeof listProposals>>['items'][number];

const lineText = (l: { lineId: string; issueDate: string; amount: string; serviceType: string }) =>
  `账单行 ${l.lineId}，${l.issueDate}，${yuan(l.amount)}，${serviceTypeName(l.serviceType)}`;

/** Pairs an unmatched invoice with one of its enterprise's unmatched statement lines, after finance checked the documents. */
export function ManualMatch({ c, breakId, invoiceId, lines }: { c: Context<ConsoleEnv>; breakId: string; invoiceId: string; lines: OpenLine[] }) {
  return (
    <form method="post" action="/console/finance/matches" class="stack">
      <CsrfField token={csrfOf(c)} />
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <label for={`ml-${breakId}`}>人工匹配的账单行</label>
      <select id={`ml-${breakId}`} name="statementLineId" required>
        {lines.map((l) => (<option value={String(l.id)}>{lineText(l)}</option>))}
      </select>
      <label for={`mr-${breakId}`}>匹配依据</label>
      <input id={`mr-${breakId}`} name="reason" required minlength={3} />
      <button type="submit">人工匹配</button>
    </form>
  );
}

/** Matches the engine proposed: each counts only once a finance officer confirms it. */
export function Proposals({ c, items, canResolve }: { c: Context<ConsoleEnv>; items: Proposal[]; canResolve: boolean }) {
  return (
    <section aria-labelledby="proposals-h">
      <h2 id="proposals-h">待确认的建议匹配</h2>
      {items.length ? (
        <table>
          <caption>系统按金额、日期相近建议的匹配，确认后发票才计入</caption>
          <thead><tr><th scope="col">企业</th><th scope="col">发票</th><th scope="col">账单行</th><th scope="col">处理</th></tr></thead>
          <tbody>
            {items.map((m) => (
              <tr data-proposal={m.id}>
                <td>{m.enterpriseName ?? m.uscc ?? '—'}</td>
                <td>{m.invoices.map((i) => (<a href={`/console/invoices/${i.id}`}>{`${i.number ?? '（未解析出号码）'}${i.totalWithTax ? `（${yuan(i.totalWithTax)}）` : ''}`}</a>))}</td>
                <td>{m.lines.map(lineText).join('；')}</td>
                <td>
                  {canResolve ? (
                    <form method="post" action={`/console/finance/matches/${m.id}/decide`} class="stack">
                      <CsrfField token={csrfOf(c)} />
                      <label for={`pr-${m.id}`}>核对意见</label>
                      <input id={`pr-${m.id}`} name="reason" required minlength={3} />
                      <button type="submit" name="decision" value="confirm">确认匹配</button>
                      <button type="submit" name="decision" value="reject">驳回</button>
                    </form>
                  ) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p>没有待确认的建议匹配。</p>}
    </section>
  );
}

export function registerMatchVerbs(app: Hono<ConsoleEnv>): void {
  app.post('/finance/matches', async (c) => {
    const body = await c.req.parseBody({ all: true });
    return act(c, '/console/finance/exceptions', async () => {
      await matchByHand(svc(c), ManualMatchBody.parse({ invoiceIds: [field(body, 'invoiceId')], statementLineIds: [Number(field(body, 'statementLineId'))], reason: field(body, 'reason') }));
      return '/console/finance/exceptions?ok=matched';
    });
  });

  app.post('/finance/matches/:id/decide', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    return act(c, '/console/finance/exceptions', async () => {
      const decision = z.enum(['confirm', 'reject']).parse(field(body, 'decision'));
      await decideProposal(svc(c), id, decision, ReasonBody.parse({ reason: field(body, 'reason') }));
      return `/console/finance/exceptions?ok=${decision === 'confirm' ? 'proposal_confirmed' : 'proposal_rejected'}`;
    });
  });
}
