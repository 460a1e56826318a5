import type { Fen } from '../domain/money.js';
import type { PurchaseOutcome, PurchaseRules } from './compute-purchases.js';
import type { PurchaseFacts } from './facts.js';
import type { ExclusionCode } from './reasons.js';
import { list, nameOf, PURPOSE_NAMES, REASON_NAMES, SERVICE_TYPE_NAMES, yuanText } from './words.js';

/** The sentences of the compute-purchase subsidy (二(五), 三(五)): one per purchase, per exclusion and per step. */

const basisName = (r: PurchaseRules) => (r.amountBasis === 'net' ? '不含税金额' : '价税合计');
const yearBasisName = (r: PurchaseRules) => (r.yearBasis === 'servicePeriod' ? '服务期起始日' : '开票日期');

export function exclusionText(code: ExclusionCode, p: PurchaseFacts, o: PurchaseOutcome, r: PurchaseRules): string {
  const n = `发票 ${p.invoiceNumber}`;
  switch (code) {
    case 'DUPLICATE': return `${n} 在采购中重复出现，只按第一次计算`;
    case 'NOT_VERIFIED': return `${n} 尚未与算力服务商的账单核对一致，也未经财务确认，暂不计入`;
    case 'SERVICE_NOT_ELIGIBLE': return `${n} 的服务类型为${nameOf(SERVICE_TYPE_NAMES, p.serviceType)}，不属于智能算力服务（${list(r.eligibleServiceTypes.map((t) => nameOf(SERVICE_TYPE_NAMES, t)))}），不计入`;
    case 'PURPOSE_NOT_ELIGIBLE': return `${n} 申报的用途为${nameOf(PURPOSE_NAMES, p.purpose)}，不属于${list(r.eligiblePurposes.map((t) => nameOf(PURPOSE_NAMES, t)))}，不计入`;
    case 'OTHER_YEAR': return `${n} 按${yearBasisName(r)} ${o.countedOn} 属于 ${o.year} 年，不属于 ${r.year} 年`;
    case 'BEFORE_COUNT_FROM': return `${n} 的${yearBasisName(r)} ${o.countedOn} 早于采购计算起始日 ${r.countFrom}，不计入`;
    case 'ORIGINAL_NOT_IN_CLAIM': return `红字${n} 冲销的发票 ${p.originalInvoiceNumber ?? '—'} 不在本年度的采购中，不计入`;
  }
}

/** One purchase: what it is, and what it adds to the year's eligible spend (or why nothing). */
export function purchaseText(p: PurchaseFacts, o: PurchaseOutcome, r: PurchaseRules): string {
  if (o.isRed) {
    const what = `红字发票 ${p.invoiceNumber}（${p.issueDate} 开具，${basisName(r)} ${yuanText(o.amount)}）`;
    if (o.exclusions.length > 0) return `${what}不计入：${list(o.exclusions.map((c) => nameOf(REASON_NAMES, c)))}`;
    return `${what}冲减发票 ${o.nettedInto ?? p.originalInvoiceNumber ?? '—'}`;
  }
  const what = `发票 ${p.invoiceNumber}（${p.issueDate} 开具，${basisName(r)} ${yuanText(o.amount)}，${nameOf(SERVICE_TYPE_NAMES, p.serviceType)}，用于${nameOf(PURPOSE_NAMES, p.purpose)}，${p.verified ? '已核验' : '未核验'}）`;
  if (o.exclusions.length > 0) return `${what}不计入：${list(o.exclusions.map((c) => nameOf(REASON_NAMES, c)))}`;
  const parts: string[] = [];
  if (o.reversedBy.length > 0) parts.push(`经红字发票 ${list(o.reversedBy)} 冲减后为 ${yuanText(o.netted)}`);
  if (o.intelligentNetted < o.netted) parts.push(`其中智能算力服务部分为 ${yuanText(o.intelligentNetted)}`);
  return `${what}${parts.length ? `，${parts.join('，')}` : ''}，计入 ${yuanText(o.counted)}`;
}

export function spendText(year: number, purchases: number, verified: Fen, eligible: Fen, r: PurchaseRules, from: string): string {
  return `共 ${purchases} 张发票中，${year} 年经核验的采购合计 ${yuanText(verified)}，其中符合条件的智能算力服务采购 ${yuanText(eligible)}`
    + `；计算口径自 ${from} 起施行：按${basisName(r)}计、以${yearBasisName(r)}确定年度、自 ${r.countFrom} 起计算，只计 ${list(r.eligibleServiceTypes.map((t) => nameOf(SERVICE_TYPE_NAMES, t)))}`;
}
