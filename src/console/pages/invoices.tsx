import type { Context, Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { act, csrfOf, field, me, render, svc, withQuery, yearParam } from '../render.js';
import { percent, yuan } from '../format.js';
import { checkName, invoiceStatusName, matchStatusName, PURPOSE_NAMES, purposeName, reasonName } from '../labels.js';
import { parseYuan } from '../../domain/money.js';
import { invalid } from '../../services/errors.js';
import { listInvoices } from '../../services/invoices/list-invoices.js';
import { Purpose, uploadInvoice } from '../../services/invoices/upload-invoice.js';
import { getComputeSpend } from '../../services/recon/compute-spend.js';
import { ApplicationInput } from '../../services/applications/application-input.js';
import { submitApplication } from '../../services/applications/submit-application.js';

type Spend = Awaited<ReturnType<typeof getComputeSpend>>;
type InvoiceItem = Awaited<ReturnType<typeof listInvoices>>['items'][number];
interface Check { code: string; outcome: string }

/** The enterprise the page is about: an enterprise user's own; an admin names one. */
function usccOf(c: Context<ConsoleEnv>): string | null {
  const p = me(c);
  return p.role === 'enterprise' ? p.scope : (c.req.query('uscc') ?? null);
}

function Progress({ spend }: { spend: Spend }) {
  const eligible = parseYuan(spend.eligibleSpend);
  const threshold = parseYuan(spend.threshold);
  return (
    <section aria-labelledby="progress-h" class="card">
      <h2 id="progress-h">{spend.year} 年算力补贴进度</h2>
      <label for="threshold-progress">
        符合条件的算力支出 {yuan(eligible)}，起补门槛 {yuan(threshold)}（已达 {Math.min(100, percent(eligible, threshold))}%）
      </label>
      <progress id="threshold-progress" max={threshold} value={Math.min(eligible, threshold)}>
        {Math.min(100, percent(eligible, threshold))}%
      </progress>
      <dl class="facts">
        <dt>已核验支出</dt>
        <dd>{yuan(spend.verifiedSpend)}</dd>
        <dt>是否达到门槛</dt>
        <dd>{spend.thresholdMet ? '已达到' : '未达到'}</dd>
        <dt>全年补贴（50%，每年最高 50 万元）</dt>
        <dd>{yuan(spend.estimatedSubsidy)}</dd>
        <dt>本年已获批</dt>
        <dd>{yuan(spend.alreadyAwarded)}</dd>
        <dt>现在申请可得</dt>
        <dd class="big">{yuan(spend.claimable)}</dd>
      </dl>
      {spend.excluded.length ? (
        <>
          <h3>不计入的发票</h3>
          <ul>
            {spend.excluded.map((x) => (
              <li>
                <a href={`/console/invoices/${x.invoiceId}`}>{x.invoiceNumber ?? '（未解析出号码）'}</a>：{x.reasons.map(reasonName).join('、')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function UploadForm({ c, uscc }: { c: Context<ConsoleEnv>; uscc: string }) {
  return (
    <section aria-labelledby="upload-h" class="card">
      <h2 id="upload-h">上传发票</h2>
      <form method="post" action="/console/invoices" enctype="multipart/form-data" class="stack" data-upload>
        <CsrfField token={csrfOf(c)} />
        {me(c).role === 'enterprise' ? null : <input type="hidden" name="uscc" value={uscc} />}
        <div class="dropzone" data-dropzone>
          <label for="files">选择发票文件（PDF、OFD 或数电 XML，可多选，也可拖放到此处）</label>
          <input id="files" name="files" type="file" multiple required accept=".pdf,.ofd,.xml,application/pdf,application/xml,text/xml" />
          <output for="files" data-chosen aria-live="polite"></output>
        </div>
        <label for="purpose">用途</label>
        <select id="purpose" name="purpose" required>
          {Object.entries(PURPOSE_NAMES).map(([k, v]) => (
            <option value={k}>{v}</option>
          ))}
        </select>
        <button type="submit">上传</button>
      </form>
    </section>
  );
}

function InvoiceTable({ items }: { items: InvoiceItem[] }) {
  if (!items.length) return <p>尚未上传发票。</p>;
  return (
    <table>
      <caption>已上传的发票（最近 100 张）</caption>
      <thead>
        <tr><th scope="col">文件</th><th scope="col">发票号码</th><th scope="col">开票日期</th><th scope="col">价税合计</th><th scope="col">用途</th><th scope="col">解析</th><th scope="col">校验</th><th scope="col">匹配</th></tr>
      </thead>
      <tbody>
        {items.map((i) => {
          const f = (i.fields ?? {}) as Record<string, unknown>;
          const failed = (i.checks as Check[]).filter((k) => k.outcome === 'fail');
          return (
            <tr>
              <td><a href={`/console/invoices/${i.id}`}>{i.fileName ?? i.id}</a></td>
              <td>{String(f.invoiceNumber ?? '—')}</td>
              <td>{String(f.issueDate ?? '—')}</td>
              <td class="num">{typeof f.totalWithTax === 'string' ? yuan(f.totalWithTax) : '—'}</td>
              <td>{purposeName(i.purpose)}</td>
              <td data-status={i.status}>{invoiceStatusName(i.status)}</td>
              <td>{i.status !== 'parsed' ? '—' : failed.length ? `未通过：${failed.map((k) => checkName(k.code)).join('、')}` : '全部通过'}</td>
              <td>{matchStatusName(i.match.status)}{i.match.verified ? '（已核验）' : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function registerInvoicePages(app: Hono<ConsoleEnv>): void {
  app.get('/invoices', async (c) => {
    const uscc = usccOf(c);
    const year = yearParam(c);
    if (!uscc) {
      return render(c, (
        <Layout c={c} title="发票与补贴">
          <form method="get" action="/console/invoices" class="stack narrow">
            <label for="uscc">企业统一社会信用代码</label>
            <input id="uscc" name="uscc" required />
            <button type="submit">查看</button>
          </form>
        </Layout>
      ));
    }
    const [spend, list] = await Promise.all([getComputeSpend(svc(c), uscc, year, { limit: 1_000, offset: 0 }), listInvoices(svc(c), { uscc, limit: 100 })]);
    return render(c, (
      <Layout c={c} title="发票与补贴" scripts={['upload.js']}>
        <form method="get" action="/console/invoices" class="inline">
          {me(c).role === 'enterprise' ? null : <input type="hidden" name="uscc" value={uscc} />}
          <label for="year">年度</label>
          <input id="year" name="year" type="number" min="2000" max="2100" value={String(year)} />
          <button type="submit">切换年度</button>
          <a href={withQuery('/console/invoices', { year: String(year), ...(me(c).role === 'enterprise' ? {} : { uscc }) })}>刷新状态</a>
        </form>
        <Progress spend={spend} />
        <section aria-labelledby="apply-h" class="card">
          <h2 id="apply-h">申请算力补贴</h2>
          <p>按当前已核验的发票计算，提交后发票将被冻结用于本申请。</p>
          <form method="post" action="/console/applications" class="inline">
            <CsrfField token={csrfOf(c)} />
            <input type="hidden" name="type" value="compute_subsidy" />
            <input type="hidden" name="year" value={String(year)} />
            {me(c).role === 'enterprise' ? null : <input type="hidden" name="uscc" value={uscc} />}
            <button type="submit">申请 {year} 年算力补贴</button>
          </form>
        </section>
        <UploadForm c={c} uscc={uscc} />
        <InvoiceTable items={list.items} />
      </Layout>
    ));
  });

  app.post('/invoices', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const raw = body['files'];
    const files = (Array.isArray(raw) ? raw : [raw]).filter((f): f is File => f instanceof File && f.size > 0);
    const uscc = field(body, 'uscc') || undefined;
    const back = withQuery('/console/invoices', uscc && me(c).role !== 'enterprise' ? { uscc } : {});
    return act(c, back, async () => {
      if (!files.length) throw invalid('VALIDATION_FAILED', 'no file chosen', [{ path: 'files', message: 'required' }]);
      const purpose = Purpose.parse(field(body, 'purpose'));
      const maxBytes = c.get('deps').config.UPLOAD_MAX_BYTES;
      // Each file is its own upload verb: one bad file does not undo the good ones before it.
      for (const file of files) {
        await uploadInvoice(svc(c), { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || null, purpose, uscc, maxBytes });
      }
      return withQuery(back, { ok: 'uploaded' });
    });
  });

  app.post('/applications', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const uscc = field(body, 'uscc') || undefined;
    return act(c, withQuery('/console/invoices', uscc ? { uscc } : {}), async () => {
      const created = await submitApplication(svc(c), ApplicationInput.parse({ type: 'compute_subsidy', year: Number(field(body, 'year')), ...(uscc ? { uscc } : {}) }));
      return `/console/applications/${created.id}?ok=applied`;
    });
  });
}
