import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { render, svc } from '../render.js';
import { yuan } from '../format.js';
import { checkName, formatName, invoiceStatusName, matchLinkName, matchStatusName, outcomeName, parseErrorName, purposeName, serviceTypeName } from '../labels.js';
import { getInvoice } from '../../services/invoices/get-invoice.js';
import { BreakItem } from '../explain.js';
import { SignatureFacts } from './signature-view.js';

/** A check parsed before checks carried sentences has none: its name and outcome are said instead. */
const checkSentence = (k: Check): string => k.text ?? `${checkName(k.code)}：${outcomeName(k.outcome)}`;

interface Check { code: string; outcome: string; detail?: string; text?: string }
interface Line { id: number; lineId: string; amount: string; serviceType: string; issueDate: string; status: string }
interface Break { code: string; details: unknown }
interface Item { name: string | null; spec: string | null; amount: string | null; taxRate: string | null; tax: string | null }

const money = (v: unknown) => (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? yuan(v) : '—');

export function registerInvoiceDetail(app: Hono<ConsoleEnv>): void {
  app.get('/invoices/:id', async (c) => {
    const inv = await getInvoice(svc(c), c.req.param('id'));
    const f = (inv.fields ?? {}) as Record<string, any>;
    const checks = inv.checks as Check[];
    const lines = (inv.match.statementLines ?? []) as Line[];
    const breaks = (inv.match.breaks ?? []) as Break[];
    return render(c, (
      <Layout c={c} title={`发票 ${f.invoiceNumber ?? inv.fileName ?? inv.id}`}>
        <p><a href="/console/invoices">返回发票列表</a></p>
        <dl class="facts">
          <dt>文件</dt><dd>{inv.fileName ?? '—'}（{formatName(inv.format)}）</dd>
          <dt>用途</dt><dd>{purposeName(inv.purpose)}</dd>
          <dt>解析状态</dt><dd data-status={inv.status}>{invoiceStatusName(inv.status)}</dd>
          {inv.error ? (
            <>
              <dt>失败原因</dt>
              <dd data-error={inv.error.code}>
                {parseErrorName(inv.error.code)}。
                <details class="raw"><summary>技术信息</summary><code>{inv.error.code}: {inv.error.message}</code></details>
              </dd>
            </>
          ) : null}
          <dt>匹配状态</dt><dd>{matchStatusName(inv.match.status)}{inv.match.verified ? '（已核验）' : '（未核验）'}</dd>
          <SignatureFacts signature={inv.signature} />
          {inv.match.intelligentAmount ? (<><dt>其中智能算力服务</dt><dd>{yuan(inv.match.intelligentAmount)}（按账单行的服务类型计入）</dd></>) : null}
        </dl>
        {inv.fields ? (
          <section aria-labelledby="fields-h">
            <h2 id="fields-h">票面信息</h2>
            <dl class="facts">
              <dt>发票号码</dt><dd>{f.invoiceNumber ?? '—'}</dd>
              <dt>开票日期</dt><dd>{f.issueDate ?? '—'}</dd>
              <dt>购买方</dt><dd>{f.buyer?.name ?? '—'}（{f.buyer?.taxId ?? '—'}）</dd>
              <dt>销售方</dt><dd>{f.seller?.name ?? '—'}（{f.seller?.taxId ?? '—'}）</dd>
              <dt>金额</dt><dd>{money(f.totalAmount)}</dd>
              <dt>税额</dt><dd>{money(f.totalTax)}</dd>
              <dt>价税合计</dt><dd>{money(f.totalWithTax)}（{f.totalWithTaxChinese ?? '—'}）</dd>
              <dt>红字发票</dt><dd>{f.isRed ? `是，冲销 ${f.originalInvoiceNumber ?? '—'}` : '否'}</dd>
            </dl>
            <table>
              <caption>明细</caption>
              <thead><tr><th scope="col">项目名称</th><th scope="col">规格</th><th scope="col">金额</th><th scope="col">税率</th><th scope="col">税额</th></tr></thead>
              <tbody>
                {((f.items ?? []) as Item[]).map((i) => (
                  <tr><td>{i.name ?? '—'}</td><td>{i.spec ?? '—'}</td><td class="num">{money(i.amount)}</td><td>{i.taxRate ?? '—'}</td><td class="num">{money(i.tax)}</td></tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
        <section aria-labelledby="checks-h">
          <h2 id="checks-h">一致性校验</h2>
          {checks.length ? (
            <table>
              <caption>各项校验结果</caption>
              <thead><tr><th scope="col">校验</th><th scope="col">结果</th><th scope="col">说明</th></tr></thead>
              <tbody>
                {checks.map((k) => (
                  <tr data-check={k.code}><td>{checkName(k.code)}</td><td>{outcomeName(k.outcome)}</td><td>{checkSentence(k)}</td></tr>
                ))}
              </tbody>
            </table>
          ) : <p>解析完成后显示。</p>}
        </section>
        <section aria-labelledby="match-h">
          <h2 id="match-h">账单匹配</h2>
          {lines.length ? (
            <table>
              <caption>匹配的服务商账单行</caption>
              <thead><tr><th scope="col">账单行</th><th scope="col">日期</th><th scope="col">金额</th><th scope="col">服务类型</th><th scope="col">状态</th></tr></thead>
              <tbody>
                {lines.map((l) => (<tr><td>{l.lineId}</td><td>{l.issueDate}</td><td class="num">{yuan(l.amount)}</td><td>{serviceTypeName(l.serviceType)}</td><td>{matchLinkName(l.status)}</td></tr>))}
              </tbody>
            </table>
          ) : <p>尚无匹配的账单行。</p>}
          {breaks.length ? (
            <ul class="breaks">{breaks.map((b) => <BreakItem code={b.code} details={b.details} />)}</ul>
          ) : null}
        </section>
      </Layout>
    ));
  });
}
