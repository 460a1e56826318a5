import type { Context } from 'hono';
import type { ConsoleEnv } from '../env.js';
import { CsrfField, Layout } from '../layout.js';
import { csrfOf, me, svc, withQuery } from '../render.js';
import { percent, yuan } from '../format.js';
import { reasonName, statusName } from '../labels.js';
import { parseYuan } from '../../domain/money.js';
import { EXCLUSION_CLAUSES, type ExclusionCode } from '../../rules/reasons.js';
import { getComputeSpend } from '../../services/recon/compute-spend.js';
import { listApplications } from '../../services/applications/list-applications.js';

type Spend = Awaited<ReturnType<typeof getComputeSpend>>;
type Application = Awaited<ReturnType<typeof listApplications>>['items'][number];

/** Why an invoice is left out, and what the enterprise can do about it, in the policy's words. */
const EXCLUSION_ADVICE: Record<string, { why: string; todo: string }> = {
  NOT_VERIFIED: { why: '尚未与算力服务商的账单核对一致，也未经财务确认', todo: '请联系开票的算力服务商报送包含该发票的账单；核对一致后自动计入。' },
  SERVICE_NOT_ELIGIBLE: { why: '所购服务不属于智能算力服务（GPU、NPU、AI 加速卡算力）', todo: '通用算力、存储、网络等不在补贴范围内；如服务商分类有误，请其更正账单。' },
  PURPOSE_NOT_ELIGIBLE: { why: '申报的用途不属于模型研发、算法验证、数据处理或人工智能应用', todo: '如上传时选错了用途，请联系市级受理部门更正。' },
  OTHER_YEAR: { why: '不属于本年度', todo: '该发票计入它所属的年度，请切换年度查看。' },
  DUPLICATE: { why: '同一张发票重复上传或重复申报，只按一次计算', todo: '无需处理。' },
  BEFORE_COUNT_FROM: { why: '开票日期早于政策规定的采购计算起始日', todo: '该发票不能计入。' },
  ORIGINAL_NOT_IN_CLAIM: { why: '红字发票对应的蓝字发票不在本年度', todo: '红字发票冲减其蓝字发票所在的年度。' },
};

/**
 * The reasons worth saying: until an invoice is verified its service type is not known (the position reads it as
 * 'other'), so "not intelligent compute" would mislead; it is said once a statement or finance has classified it.
 */
function shownReasons(reasons: string[]): string[] {
  return reasons.includes('NOT_VERIFIED') ? reasons.filter((r) => r !== 'SERVICE_NOT_ELIGIBLE') : reasons;
}

const UNDER_WAY = new Set(['submitted', 'returned', 'city_recommended', 'provincially_approved', 'in_notice', 'on_hold']);

/** The next steps, from the position and the year's applications: one sentence each, most urgent first. */
function nextSteps(spend: Spend, under: Application | undefined, uscc: string | null): { text: string; href?: string }[] {
  const eligible = parseYuan(spend.eligibleSpend);
  const threshold = parseYuan(spend.threshold);
  const claimable = parseYuan(spend.claimable);
  const invoices = withQuery('/console/invoices', { year: String(spend.year), ...(uscc ? { uscc } : {}) });
  const out: { text: string; href?: string }[] = [];
  if (under) {
    out.push({ text: `本年度的算力补贴申请 ${under.number ?? ''} 正在办理（${statusName(under.status)}）${under.status === 'returned' ? '，已被退回修改，请按审核意见修改后重新提交' : ''}。`, href: `/console/applications/${under.id}` });
  }
  if (spend.page.invoicesTotal + spend.page.excludedTotal === 0) out.push({ text: '尚未上传本年度的算力服务发票：请先上传发票（PDF、OFD 或数电 XML）。', href: invoices });
  const unverified = spend.excluded.filter((x) => x.reasons.includes('NOT_VERIFIED')).length;
  if (unverified) out.push({ text: `${unverified} 张发票尚未核验：请联系算力服务商报送账单，核对一致后自动计入。`, href: invoices });
  if (eligible < threshold) {
    out.push({ text: `距离 ${yuan(threshold)} 的起补门槛还差 ${yuan(threshold - eligible)}；达到门槛后才能申请（二(五)、三(五)1）。` });
  } else if (claimable > 0 && !under) {
    out.push({ text: `已达到起补门槛，现在申请可得 ${yuan(claimable)}。提交后，计入的发票将被冻结用于该申请。` });
  } else if (claimable === 0 && parseYuan(spend.alreadyAwarded) > 0) {
    out.push({ text: `本年度已获批 ${yuan(spend.alreadyAwarded)}，按现有支出没有可再申请的金额；新增的已核验支出会使可申请金额增加，直至每年 50 万元上限。` });
  }
  return out;
}

/**
 * The enterprise's first page: its running position for the year (verified and eligible spend, progress to
 * the threshold, the subsidy, what is left out and why) and what to do next, from the maintained position.
 */
export async function EnterpriseHome({ c, uscc, year }: { c: Context<ConsoleEnv>; uscc: string; year: number }) {
  const [spend, apps] = await Promise.all([
    getComputeSpend(svc(c), uscc, year, { limit: 50, offset: 0 }),
    listApplications(svc(c), { uscc, year, type: 'compute_subsidy', limit: 20 }),
  ]);
  const eligible = parseYuan(spend.eligibleSpend);
  const threshold = parseYuan(spend.threshold);
  const reached = Math.min(100, percent(eligible, threshold));
  const under = apps.items.find((a) => UNDER_WAY.has(a.status));
  const forOther = me(c).role === 'enterprise' ? null : uscc;
  const steps = nextSteps(spend, under, forOther);
  return (
    <Layout c={c} title={`${year} 年算力补贴情况`}>
      <form method="get" action="/console/dashboard" class="inline">
        {forOther ? <input type="hidden" name="uscc" value={forOther} /> : null}
        <label for="year">年度</label>
        <input id="year" name="year" type="number" min="2000" max="2100" value={String(year)} />
        <button type="submit">切换年度</button>
      </form>
      <section aria-labelledby="position-h" class="card" id="position">
        <h2 id="position-h">本年度进度（截至 {spend.asOf}）</h2>
        <label for="threshold-bar">符合条件的智能算力支出 {yuan(eligible)}，起补门槛 {yuan(threshold)}，已达 {reached}%</label>
        <progress id="threshold-bar" max={threshold} value={Math.min(eligible, threshold)}>{reached}%</progress>
        <dl class="facts">
          <dt>已核验的算力支出</dt><dd data-figure="verified">{yuan(spend.verifiedSpend)}</dd>
          <dt>其中符合条件的智能算力支出</dt><dd data-figure="eligible">{yuan(spend.eligibleSpend)}</dd>
          <dt>是否达到门槛</dt><dd>{spend.thresholdMet ? '已达到' : '未达到'}</dd>
          <dt>全年补贴测算（按 50%，每家企业每年最高 50 万元）</dt><dd data-figure="estimated">{yuan(spend.estimatedSubsidy)}</dd>
          <dt>本年度已获批</dt><dd>{yuan(spend.alreadyAwarded)}</dd>
          <dt>现在申请可得</dt><dd class="big" data-figure="claimable">{yuan(spend.claimable)}</dd>
        </dl>
        <p>测算按已核验、属于智能算力服务且用途符合的发票计算；最终金额以审核和公示结果为准。</p>
      </section>
      <section aria-labelledby="next-h" class="card" id="next-steps">
        <h2 id="next-h">下一步</h2>
        {steps.length ? (
          <ol>{steps.map((s) => (<li>{s.href ? <a href={s.href}>{s.text}</a> : s.text}</li>))}</ol>
        ) : <p>目前没有需要办理的事项。</p>}
        {!under && parseYuan(spend.claimable) > 0 ? (
          <form method="post" action="/console/applications" class="inline">
            <CsrfField token={csrfOf(c)} />
            <input type="hidden" name="type" value="compute_subsidy" />
            <input type="hidden" name="year" value={String(year)} />
            {forOther ? <input type="hidden" name="uscc" value={forOther} /> : null}
            <button type="submit">申请 {year} 年算力补贴</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="excluded-h" id="excluded">
        <h2 id="excluded-h">不计入的发票（{spend.page.excludedTotal} 张）</h2>
        {spend.excluded.length ? (
          <table>
            <caption>不计入的原因和处理办法{spend.page.excludedTotal > spend.excluded.length ? `（显示前 ${spend.excluded.length} 张）` : ''}</caption>
            <thead><tr><th scope="col">发票号码</th><th scope="col">开票日期</th><th scope="col">价税合计</th><th scope="col">不计入的原因</th><th scope="col">怎么办</th></tr></thead>
            <tbody>
              {spend.excluded.map((x) => (
                <tr data-excluded={x.reason}>
                  <td><a href={`/console/invoices/${x.invoiceId}`}>{x.invoiceNumber ?? '（未解析出号码）'}</a></td>
                  <td>{x.issueDate ?? '—'}</td>
                  <td class="num">{yuan(x.amount)}</td>
                  <td>{shownReasons(x.reasons).map((r) => `${EXCLUSION_ADVICE[r]?.why ?? reasonName(r)}${r in EXCLUSION_CLAUSES ? `（${EXCLUSION_CLAUSES[r as ExclusionCode]}）` : ''}`).join('；')}</td>
                  <td>{EXCLUSION_ADVICE[x.reason]?.todo ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p>本年度没有被排除的发票。</p>}
      </section>
      <p><a href={withQuery('/console/invoices', { year: String(year), ...(forOther ? { uscc: forOther } : {}) })}>上传发票、查看全部发票</a></p>
    </Layout>
  );
}
