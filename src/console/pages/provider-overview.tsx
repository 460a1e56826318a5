import type { Hono } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { Layout } from '../layout.js';
import { render, svc } from '../render.js';
import { beijingTime, yuan } from '../format.js';
import { breakName, serviceTypeName } from '../labels.js';
import { providerOverview } from '../../services/providers/provider-overview.js';
import { PROVIDER_FIXES_ZH, type ProviderBreak } from '../../services/providers/break-view.js';

/** The figures behind a break, under Chinese names; amounts are already yuan strings. */
const DETAIL_NAMES: Record<string, string> = {
  invoiceNumber: '发票号码', invoiceCode: '发票代码', amount: '金额', issueDate: '开票日期', notFound: '未找到', reasons: '原因', reason: '原因',
  invoiceTotal: '发票价税合计', lineTotal: '账单行合计', difference: '差额', tolerance: '允许误差', subject: '对象', date: '日期',
  periodStart: '账单期起', periodEnd: '账单期止', serviceType: '服务类型', eligibleServiceTypes: '计入补贴的服务类型',
  lineServiceTypes: '账单行服务类型', itemsSay: '发票品名判断为', itemNames: '发票品名', customerUscc: '账单行客户', buyerTaxId: '发票购买方税号',
  totalWithTax: '价税合计',
};
const MONEY = new Set(['amount', 'invoiceTotal', 'lineTotal', 'difference', 'tolerance', 'totalWithTax']);
const SERVICE = new Set(['serviceType', 'eligibleServiceTypes', 'lineServiceTypes']);
const WORDS: Record<string, string> = { invoice: '发票', line: '账单行', intelligent: '智能算力', general: '通用服务', unknown: '无法判断' };

function detailValue(key: string, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => detailValue(key, x)).join('、');
  if (typeof v === 'string') {
    if (key === 'reasons' || key === 'reason') return breakName(v);
    if (MONEY.has(key) && /^-?\d+\.\d{2}$/.test(v)) return yuan(v);
    if (SERVICE.has(key)) return serviceTypeName(v);
    return WORDS[v] ?? v;
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v === null || v === undefined ? '—' : String(v);
}

function Details(props: { b: ProviderBreak }) {
  // An empty list or text says nothing a provider can act on.
  const entries = Object.entries(props.b.details).filter(([, v]) => !(v === '' || (Array.isArray(v) && v.length === 0)));
  if (entries.length === 0) return <span>—</span>;
  return (
    <dl class="details">
      {entries.map(([k, v]) => (
        <>
          <dt>{DETAIL_NAMES[k] ?? k}</dt>
          <dd>{detailValue(k, v)}</dd>
        </>
      ))}
    </dl>
  );
}

const rate = (permille: number | null) => (permille === null ? '—' : `${Math.floor(permille / 10)}.${permille % 10}%`);

/**
 * A compute provider's own page: its statements (every version), the share of each current version's lines
 * that matched an invoice, and its open breaks, each with what to change to clear it. The verb scopes it to
 * the signed-in provider user's provider.
 */
export function registerProviderPage(app: Hono<ConsoleEnv>): void {
  app.get('/provider', async (c) => {
    const view = await providerOverview(svc(c));
    const customer = (uscc: string | null) => (uscc ? (view.customers[uscc] ? `${view.customers[uscc]}（${uscc}）` : uscc) : '—');
    return render(c, (
      <Layout c={c} title={`${view.provider.name} · 账单与对账`}>
        <section aria-labelledby="statements-h">
          <h2 id="statements-h">账单</h2>
          {view.statements.length ? (
            <table>
              <caption>已推送的账单及各版本（匹配率按当前版本计算）</caption>
              <thead><tr><th scope="col">账单编号</th><th scope="col">当前版本</th><th scope="col">账单期</th><th scope="col">行数</th><th scope="col">合计</th><th scope="col">已匹配</th><th scope="col">待确认</th><th scope="col">未匹配</th><th scope="col">匹配率</th><th scope="col">历史版本</th></tr></thead>
              <tbody>
                {view.statements.map((s) => {
                  const current = s.versions.find((v) => v.version === s.currentVersion) ?? s.versions[0]!;
                  return (
                    <tr data-statement={s.statementId}>
                      <td>{s.statementId}</td>
                      <td>第 {s.currentVersion} 版</td>
                      <td>{current.periodStart} 至 {current.periodEnd}</td>
                      <td>{current.lineCount}</td>
                      <td>{yuan(current.total)}</td>
                      <td>{s.summary.matched}</td>
                      <td>{s.summary.proposed}</td>
                      <td>{s.summary.unmatched}</td>
                      <td data-rate>{rate(s.matchPermille)}</td>
                      <td>
                        <ul class="plain">
                          {s.versions.map((v) => (<li>第 {v.version} 版 · {beijingTime(v.createdAt)} · {v.lineCount} 行 · {yuan(v.total)}</li>))}
                        </ul>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          ) : <p>尚未推送账单。</p>}
        </section>
        <section aria-labelledby="breaks-h">
          <h2 id="breaks-h">待处理的对账异常</h2>
          {view.breaks.length ? (
            <table>
              <caption>共 {view.breaks.length} 条未解决的异常{view.breaks.length >= 200 ? '（仅显示前 200 条）' : ''}</caption>
              <thead><tr><th scope="col">异常</th><th scope="col">账单</th><th scope="col">账单行</th><th scope="col">客户</th><th scope="col">相关数据</th><th scope="col">如何处理</th></tr></thead>
              <tbody>
                {view.breaks.map((b) => (
                  <tr data-break={b.code}>
                    <td>{breakName(b.code)}</td>
                    <td>{b.statementId ?? '—'}</td>
                    <td>{b.lineId ?? '—'}</td>
                    <td>{customer(b.customerUscc)}</td>
                    <td><Details b={b} /></td>
                    <td>{PROVIDER_FIXES_ZH[b.code] ?? '请联系管理员核实此异常。'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : <p>没有待处理的对账异常。</p>}
        </section>
      </Layout>
    ));
  });
}
