import { toChineseAmount } from '../domain/chinese-amount.js';
import { floorMulRatio, parseYuan, type Fen } from '../domain/money.js';
import { citedClauses, policyClauses, type Clause } from '../rules/clauses.js';
import type { Decision } from '../rules/decision.js';
import { EXCLUSION_CODES } from '../rules/reasons.js';
import { FUNDING_NAMES, INSTALLMENT_NAMES, nameOf, OFFICE_NAMES, POLICY_TYPE_NAMES, yuanText } from '../rules/words.js';
import { POLICY_TITLE } from '../rules/policy-text.js';

/**
 * 「补贴核定通知」: the letter a granted applicant receives, in the words of its web page and its PDF alike —
 * the amount in figures and in words, the installments, the explanation of the decision (its sentences) and
 * the full text of every clause it applied.
 */

export const LETTER_TITLE = '补贴核定通知';

/** What a letter needs of a granted application; names, not internal ids. */
export interface LetterFacts {
  number: string | null;
  unit: string;
  uscc: string;
  type: string;
  year: number;
  office: string;
  amount: string;
  fundingSource: string;
  /** The day the letter is issued (Asia/Shanghai), by the service's clock. */
  issuedOn: string;
  installments: { on: string; amount: string; status: string }[];
  decision: Decision;
  /** The budget round a compute-subsidy award is paid from: its ratio (fen / fen) and the steps that fixed it. */
  round: { scaled: boolean; numerator: Fen; denominator: Fen; trace: { text: string }[] } | null;
}

export interface Letter {
  title: string;
  reference: string;
  addressee: string;
  opening: string;
  amount: string;
  funding: string;
  installments: string[];
  reasons: string[];
  steps: string[];
  exclusions: string[];
  /** When the round's budget fell short: what is paid instead, and the round's steps. */
  scaling: { paid: string; steps: string[] } | null;
  clauses: Clause[];
  closing: string;
  signer: string;
  date: string;
}

const PER_PURCHASE = new Set<string>(EXCLUSION_CODES);
const INSTALLMENT_STATUS: Record<string, string> = { pending: '待满足拨付条件', payable: '待拨付', batched: '拨付办理中', paid: '已拨付', cancelled: '已取消' };

export function letterOf(f: LetterFacts): Letter {
  const fen = parseYuan(f.amount);
  const what = `${nameOf(POLICY_TYPE_NAMES, f.type)}${f.type === 'compute_subsidy' ? `（${f.year} 年度）` : ''}`;
  const d = f.decision;
  const scaled = f.round?.scaled ? f.round : null;
  const paid = (amount: Fen) => (scaled ? floorMulRatio(amount, scaled.numerator, scaled.denominator) : amount);
  // Every clause the decision applied, once each, in the policy document's own order.
  const cited = new Set([...d.reasons, ...d.trace].flatMap((x) => citedClauses(x.clause)).map((c) => c.id));
  if (scaled) cited.add('二(五)');
  const clauses = policyClauses().filter((c) => cited.has(c.id));
  return {
    title: LETTER_TITLE,
    reference: f.number ? `申请编号：${f.number}` : '申请编号：（未编号）',
    addressee: `${f.unit}（统一社会信用代码 ${f.uscc}）：`,
    opening: `你单位申报的${what}，经${nameOf(OFFICE_NAMES, f.office)}工业和信息化主管部门初审推荐、省工业和信息化厅组织评审，并经公示期满无异议，依据《${POLICY_TITLE}》，现核定如下。`,
    amount: `核定补助金额：${yuanText(fen)}（大写：${toChineseAmount(fen)}）`,
    funding: `资金来源：${nameOf(FUNDING_NAMES, f.fundingSource)}`,
    installments: f.installments.map((i) => {
      const amount = parseYuan(i.amount);
      const after = scaled ? `，经预算核减后拨付 ${yuanText(paid(amount))}` : '';
      return `${nameOf(INSTALLMENT_NAMES, i.on)} ${yuanText(amount)}${after}（${INSTALLMENT_STATUS[i.status] ?? i.status}）`;
    }),
    reasons: d.reasons.filter((r) => !PER_PURCHASE.has(r.code)).map((r) => r.text),
    steps: d.trace.map((t) => t.text),
    exclusions: d.reasons.filter((r) => PER_PURCHASE.has(r.code)).map((r) => r.text),
    scaling: scaled
      ? { paid: `本轮预算不足，全部获批金额按同一比例核减，你单位实际拨付 ${yuanText(paid(fen))}（大写：${toChineseAmount(paid(fen))}）`, steps: scaled.trace.map((t) => t.text) }
      : null,
    clauses,
    closing: '如对核定结果有疑问，请与受理你单位申报的工业和信息化主管部门联系。',
    signer: '福建省工业和信息化厅',
    date: f.issuedOn,
  };
}
