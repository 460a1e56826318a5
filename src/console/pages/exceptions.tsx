import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, field, me, render, svc } from '../render.js';
import { breakName, SERVICE_TYPE_NAMES } from '../labels.js';
import { listBreaks } from '../../services/recon/list-breaks.js';
import { AcceptInvoiceBody, acceptInvoice } from '../../services/recon/resolutions.js';
import { acceptanceStates } from '../../services/recon/acceptance-state.js';
import { SignatureFlag } from './signature-view.js';
import { yuan } from '../format.js';
import { kept, Pager } from '../paging.js';
import { ManualMatch, Proposals, registerMatchVerbs, type OpenLine } from './match-forms.js';
import { listProposals } from '../../services/recon/list-proposals.js';
import { breakText } from '../../recon/break-words.js';

const RESOLVERS = new Set(['finance_preparer', 'finance_approver', 'admin']);

/** The exceptions queue: each open break, and for an invoice no statement confirms, the finance acceptance form. */
export function registerExceptionPages(app: Hono<ConsoleEnv>): void {
  app.get('/finance/exceptions', async (c) => {
    const code = c.req.query('code') || undefined;
    const after = c.req.query('after');
    const filter = code && /^[A-Z_]{1,64}$/.test(code) ? { code } : {};
    const cursor = after && /^[A-Za-z0-9_]{1,64}$/.test(after) ? { after } : {};
    const canResolve = RESOLVERS.has(me(c).role);
    const [page, proposals] = await Promise.all([
      listBreaks(svc(c), { limit: 200, ...filter, ...cursor }),
      me(c).role === 'provincial_reviewer' ? null : listProposals(svc(c), { limit: 100 }),
    ]);
    // The signature of each unmatched invoice and any acceptance waiting for a second officer.
    const acceptance = await acceptanceStates(svc(c), page.items.flatMap((b) => (b.code === 'INVOICE_UNMATCHED' && b.invoiceId ? [b.invoiceId] : [])));
    // Lines no invoice matched, for each enterprise with an unmatched invoice on this page (wherever those lines
    // fall in the queue): what finance may pair by hand with the invoice.
    const openLines = new Map<string, OpenLine[]>();
    const withUnmatched = [...new Set(page.items.filter((b) => b.code === 'INVOICE_UNMATCHED' && b.uscc).map((b) => b.uscc!))];
    const lineBreaks = canResolve ? await Promise.all(withUnmatched.map((uscc) => listBreaks(svc(c), { uscc, code: 'LINE_UNMATCHED', limit: 100 }))) : [];
    for (const b of lineBreaks.flatMap((p) => p.items)) {
      if (!b.statementLineId || !b.statementLine || !b.uscc) continue;
      openLines.set(b.uscc, [...(openLines.get(b.uscc) ?? []), { id: b.statementLineId, ...b.statementLine }]);
    }
    return render(c, (
      <Layout c={c} title="对账异常">
        {proposals ? <Proposals c={c} items={proposals.items} canResolve={canResolve} /> : null}
        <p>本页 {page.items.length} 条未解决的异常{page.nextAfter ? '（每页 200 条，后面还有）' : ''}。</p>
        {page.items.length ? (
          <table>
            <caption>待处理的对账异常</caption>
            <thead><tr><th scope="col">异常</th><th scope="col">企业</th><th scope="col">发票</th><th scope="col">账单行</th><th scope="col">详情</th><th scope="col">处理</th></tr></thead>
            <tbody>
              {page.items.map((b) => (
                <tr data-break={b.code}>
                  <td>{breakName(b.code)}</td>
                  <td>{b.enterpriseName ?? b.uscc ?? '—'}</td>
                  <td>{b.invoiceId ? <a href={`/console/invoices/${b.invoiceId}`}>{b.invoiceNumber ?? '（未解析出号码）'}</a> : '—'}</td>
                  <td>{b.statementLine ? `${b.statementLine.lineId}（${b.statementLine.issueDate}，${yuan(b.statementLine.amount)}）` : '—'}</td>
                  <td>{breakText(b.code, b.details)}</td>
                  <td>
                    {b.invoiceId && acceptance.get(b.invoiceId) ? <SignatureFlag {...acceptance.get(b.invoiceId)!} /> : null}
                    {canResolve && b.invoiceId && b.code === 'INVOICE_UNMATCHED' ? (
                      <form method="post" action={`/console/finance/invoices/${b.invoiceId}/accept`} class="stack">
                        <CsrfField token={csrfOf(c)} />
                        <label for={`st-${b.id}`}>服务类型</label>
                        <select id={`st-${b.id}`} name="serviceType" required>
                          {Object.entries(SERVICE_TYPE_NAMES).map(([k, v]) => (<option value={k}>{v}</option>))}
                        </select>
                        <label for={`reason-${b.id}`}>确认依据</label>
                        <input id={`reason-${b.id}`} name="reason" required minlength={3} />
                        <button type="submit">确认计入</button>
                      </form>
                    ) : null}
                    {canResolve && b.invoiceId && b.code === 'INVOICE_UNMATCHED' && openLines.get(b.uscc ?? '')?.length ? (
                      <ManualMatch c={c} breakId={b.id} invoiceId={b.invoiceId} lines={openLines.get(b.uscc ?? '')!} />
                    ) : null}
                    {canResolve && b.invoiceId && b.code === 'INVOICE_UNMATCHED' ? null : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p>没有待处理的异常。</p>}
        <Pager path="/console/finance/exceptions" keep={kept({ code }, ['code'])} cursor="after" next={page.nextAfter} paged={after !== undefined} />
      </Layout>
    ));
  });

  registerMatchVerbs(app);

  app.post('/finance/invoices/:id/accept', async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody({ all: true });
    return act(c, '/console/finance/exceptions', async () => {
      await acceptInvoice(svc(c), id, AcceptInvoiceBody.parse({ reason: field(body, 'reason'), serviceType: field(body, 'serviceType') }));
      return '/console/finance/exceptions?ok=accepted';
    });
  });
}
