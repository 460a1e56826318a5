import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, me, render, svc } from '../render.js';
import { beijingTime, yuan } from '../format.js';
import { batchStatusName, fundingName, installmentOnName, typeName } from '../labels.js';
import { actorLabels } from '../actors.js';
import { approveBatch } from '../../services/payouts/approve-batch.js';
import { discardBatch } from '../../services/payouts/discard-batch.js';
import { ExportQuery, exportBatch } from '../../services/payouts/export-batch.js';
import { getBatch } from '../../services/payouts/get-batch.js';
import { markBatchPaid } from '../../services/payouts/mark-paid.js';
import { TraceSteps } from '../explain.js';

const FINANCE = new Set(['finance_preparer', 'finance_approver']);

function ActionButton({ csrf, action, text }: { csrf: string; action: string; text: string }) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={csrf} />
      <button type="submit">{text}</button>
    </form>
  );
}

export function registerBatchDetail(app: Hono<ConsoleEnv>): void {
  app.get('/finance/batches/:id', async (c) => {
    const b = await getBatch(svc(c), c.req.param('id'));
    const role = me(c).role;
    const base = `/console/finance/batches/${b.id}`;
    const who = await actorLabels(c, [b.preparedBy, b.approvedBy, b.paidBy, b.discardedBy]);
    return render(c, (
      <Layout c={c} title={`拨付批次 ${b.number ?? '（未编号）'}`}>
        <p><a href="/console/finance/batches">返回批次列表</a></p>
        <dl class="facts">
          <dt>资金来源</dt><dd>{fundingName(b.fundingSource)}</dd>
          <dt>年度</dt><dd>{b.year ?? '全部'}</dd>
          <dt>状态</dt><dd data-status={b.status}>{batchStatusName(b.status)}</dd>
          <dt>合计</dt><dd class="big">{yuan(b.total)}</dd>
          <dt>按规则计算合计</dt><dd>{yuan(b.computedTotal)}</dd>
          <dt>经办人</dt><dd>{who(b.preparedBy)}，{beijingTime(b.createdAt)}</dd>
          <dt>审批人</dt><dd>{b.approvedBy ? `${who(b.approvedBy)}，${beijingTime(b.approvedAt)}` : '待审批'}</dd>
          {b.paidBy ? (<><dt>记为已支付</dt><dd>{who(b.paidBy)}，{beijingTime(b.paidAt)}</dd></>) : null}
          {b.discardedBy ? (<><dt>撤回</dt><dd>{who(b.discardedBy)}，{beijingTime(b.discardedAt)}</dd></>) : null}
        </dl>
        <div class="actions">
          {b.status === 'prepared' && role === 'finance_approver' ? <ActionButton csrf={csrfOf(c)} action={`${base}/approve`} text="审批通过" /> : null}
          {b.status === 'prepared' && FINANCE.has(role) ? <ActionButton csrf={csrfOf(c)} action={`${base}/discard`} text="撤回批次" /> : null}
          {b.status === 'approved' && FINANCE.has(role) ? <ActionButton csrf={csrfOf(c)} action={`${base}/paid`} text="记为已支付" /> : null}
          {b.status !== 'prepared' && b.status !== 'discarded' ? (
            <>
              <a href={`${base}/export?format=csv`}>导出 CSV</a>
              <a href={`${base}/export?format=xlsx`}>导出 Excel</a>
            </>
          ) : null}
        </div>
        <table>
          <caption>批次明细</caption>
          <thead><tr><th scope="col">申请编号</th><th scope="col">申请单位</th><th scope="col">类型</th><th scope="col">年度</th><th scope="col">分期</th><th scope="col">计算金额</th><th scope="col">拨付金额</th></tr></thead>
          <tbody>
            {b.items.map((i) => (
              <tr>
                <td><a href={`/console/applications/${i.applicationId}`}>{i.applicationNumber ?? '（未编号）'}</a></td>
                <td>{i.applicantName ?? i.uscc}</td>
                <td>{typeName(i.type)}</td>
                <td>{i.year}</td>
                <td>{installmentOnName(i.on)}</td>
                <td class="num">{yuan(i.computed)}</td>
                <td class="num">{yuan(i.amount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {b.scaling.length ? (
          <section aria-labelledby="scaling-h">
            <h2 id="scaling-h">预算核减（按公示轮次）</h2>
            <p>算力补贴按公示轮次核减：每一轮的比例在公示发布时确定，之后所有批次（包括异议处理后才发放的）都按该比例拨付。</p>
            <ul>
              {b.scaling.map((r) => (
                <li>
                  {r.year} 年{fundingName(r.fundingSource)}，<a href={`/console/notices/${r.noticeId}`}>所属公示</a>：
                  预算 {r.budget ? `${yuan(r.budget)}（${r.budgetSetOn} 设定）` : '未设定'}，此前轮次已占用 {yuan(r.committedBefore)}，可用 {r.available ? yuan(r.available) : '—'}，
                  本轮计算合计 {yuan(r.computedTotal)}（{r.awards} 项），
                  {r.scaled ? `按比例 ${r.ratio.numerator}/${r.ratio.denominator}（${r.ratio.decimal}）核减` : '未核减'}；
                  本批次 {r.inBatch.items} 笔，计算金额 {yuan(r.inBatch.computed)}，拨付金额 {yuan(r.inBatch.amount)}
                  <TraceSteps trace={r.trace} />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </Layout>
    ));
  });

  for (const [path, fn, ok] of [
    ['approve', approveBatch, 'approved'],
    ['discard', discardBatch, 'discarded'],
    ['paid', markBatchPaid, 'paid'],
  ] as const) {
    app.post(`/finance/batches/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      return act(c, `/console/finance/batches/${id}`, async () => {
        await fn(svc(c), id);
        return `/console/finance/batches/${id}?ok=${ok}`;
      });
    });
  }

  app.get('/finance/batches/:id/export', async (c) => {
    const file = await exportBatch(svc(c), c.req.param('id'), ExportQuery.parse({ format: c.req.query('format') ?? 'csv' }));
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
    });
  });
}
