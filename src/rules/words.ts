import { formatYuan, type Fen } from '../domain/money.js';
import type { ParameterValue } from './parameters/types.js';

/**
 * The words decisions are explained in: Chinese, in yuan, in the policy's own terms. Every trace step and
 * reason carries a sentence built from these, so the applicant, the reviewer and the auditor read the same
 * figures the arithmetic used.
 */

/** Chinese names of the service's codes; the console shows the same names. */
export const OFFICE_NAMES: Record<string, string> = {
  '3501': '福州市', '3502': '厦门市', '3503': '莆田市', '3504': '三明市', '3505': '泉州市',
  '3506': '漳州市', '3507': '南平市', '3508': '龙岩市', '3509': '宁德市', pingtan: '平潭综合实验区',
};

export const TYPE_NAMES: Record<string, string> = {
  compute_subsidy: '算力补贴', vertical_model: '垂直领域模型', platform: '平台', product: '产品', enterprise: '企业奖励',
};

/** The award types as the policy names them (二(一)…二(五)). */
export const POLICY_TYPE_NAMES: Record<string, string> = {
  compute_subsidy: '采购算力服务补助', vertical_model: '人工智能优质行业垂直模型补助', platform: '人工智能创新优质平台补助',
  product: '人工智能优质产品奖励', enterprise: '人工智能优质企业奖励',
};

export const PURPOSE_NAMES: Record<string, string> = {
  model_development: '模型研发', algorithm_validation: '算法验证', data_processing: '数据处理', ai_application: '人工智能应用', other: '其他',
};

export const SERVICE_TYPE_NAMES: Record<string, string> = {
  gpu_compute: 'GPU 算力', npu_compute: 'NPU 算力', ai_accelerator_compute: 'AI 加速卡算力', general_compute: '通用算力',
  storage: '存储', network: '网络', other: '其他',
};

export const FUNDING_NAMES: Record<string, string> = { province: '省级资金', xiamen: '厦门市资金' };

export const BATCH_STATUS_NAMES: Record<string, string> = { prepared: '待审批', approved: '已审批', paid: '已支付', discarded: '已撤回' };

export const CREDIT_LIST_NAMES: Record<string, string> = { abnormal: '经营异常名录', dishonest: '失信名单' };

export const UNIT_KIND_NAMES: Record<string, string> = {
  enterprise: '企业', individual_business: '个体工商户', farmer_cooperative: '农民专业合作社', government_agency: '机关',
  public_institution: '事业单位', social_organisation: '社会团体', private_non_enterprise: '民办非企业单位', foundation: '基金会', other: '其他单位',
};

export const REASON_NAMES: Record<string, string> = {
  INVALID_USCC: '统一社会信用代码无效', NOT_IN_FUJIAN: '非福建省注册', NOT_ENTERPRISE: '非企业主体', CREDIT_LISTED: '列入经营异常或失信名单',
  FRAUD_BAN: '弄虚作假禁入期内', OUTSIDE_POLICY_PERIOD: '不在政策执行期内', THRESHOLD_NOT_MET: '未达到起补门槛', CONSORTIUM_TOO_LARGE: '联合体成员过多',
  INVESTMENT_BELOW_MINIMUM: '投资额低于下限', CAP_APPLIED: '已按上限核减', NOT_VERIFIED: '未经核验', SERVICE_NOT_ELIGIBLE: '服务类型不符合',
  PURPOSE_NOT_ELIGIBLE: '用途不符合', OTHER_YEAR: '不属于申报年度', DUPLICATE: '重复申报',
  ALREADY_AWARDED: '一次性奖励已获得过', BEFORE_COUNT_FROM: '早于计算起始日', ORIGINAL_NOT_IN_CLAIM: '红字发票对应的蓝字发票不在本年度',
  NO_REVIEWING_OFFICE: '无受理部门',
};

export const INSTALLMENT_NAMES: Record<string, string> = { award: '获批后拨付', recognition: '认定后拨付', acceptance: '验收通过后拨付' };

/** A name from one of the tables, or the code itself when the table does not know it. */
export const nameOf = (table: Record<string, string>, code: string | null | undefined): string => (code ? (table[code] ?? code) : '—');

/** "1234567" → "1,234,567". */
function groupThousands(whole: string): string {
  const head = whole.length % 3 || 3;
  let out = whole.slice(0, head);
  for (let i = head; i < whole.length; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return out;
}

/** "127,200.00 元": grouping done on the decimal string, so no amount ever becomes a float. */
export function yuanText(fen: Fen): string {
  const text = formatYuan(fen);
  const negative = text.startsWith('-');
  const [whole, frac] = (negative ? text.slice(1) : text).split('.') as [string, string];
  return `${negative ? '-' : ''}${groupThousands(whole)}.${frac} 元`;
}

/** A policy amount the way the policy writes it: "10 万元" when it is whole ten-thousands, else yuan with fen. */
export function policyAmount(fen: Fen): string {
  const wan = 1_000_000;
  return fen > 0 && fen % wan === 0 ? `${(fen / wan).toLocaleString('en-US')} 万元` : yuanText(fen);
}

/** "0.5" → "50%"; exact on the decimal string. */
export function rateText(rate: string): string {
  const [whole, frac = ''] = rate.split('.') as [string, string?];
  const digits = `${whole}${frac.padEnd(2, '0')}`;
  const pct = `${digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '')}${digits.length > whole.length + 2 ? `.${digits.slice(whole.length + 2)}` : ''}`;
  return `${pct}%`;
}

/** The date a parameter's value took effect, in words: "自 2026-02-04 起施行的". */
export function since(pv: Pick<ParameterValue, 'from'>): string {
  return `自 ${pv.from} 起施行的`;
}

/** "二(五), 三(五)1" → ["二(五)", "三(五)1"]; "—" (an implementation decision) names no clause. */
export function clauseIds(clause: string): string[] {
  return clause
    .split(/[,，、]\s*/)
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== '—');
}

/** The clause suffix a sentence ends with: "（二(五)、三(五)1）"; empty when no clause applies. */
export function clauseSuffix(clause: string): string {
  const ids = clauseIds(clause);
  return ids.length ? `（${ids.join('、')}）` : '';
}

/** A sentence with the clauses it applies, as every trace step and reason carries it. */
export function withClause(text: string, clause: string): string {
  return `${text}${clauseSuffix(clause)}`;
}

/** The sentence without its clause suffix, for a page that shows the clauses as links of their own. */
export function withoutClause(text: string, clause: string): string {
  const suffix = clauseSuffix(clause);
  return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

/** Items joined the Chinese way: "A、B和C" reads stiffly in rules text, so a plain 、 list. */
export function list(items: readonly string[]): string {
  return items.join('、');
}
