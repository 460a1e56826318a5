import type { ParameterValue } from './parameters/types.js';
import { CREDIT_LIST_NAMES, list, nameOf, policyAmount, POLICY_TYPE_NAMES, PURPOSE_NAMES, rateText, SERVICE_TYPE_NAMES } from './words.js';

/**
 * Policy parameters in the policy's words: what each is called and its value as a reader writes it, with the
 * day that value took effect («自 2026-02-04 起»), so a page can say which version of a rule a decision used.
 */

const TIER_OF: Record<string, string> = { vertical: '行业垂直模型', platform: '创新优质平台', enterprise: '优质企业' };

const NAMES: Record<string, string> = {
  'policy.start': '政策施行日', 'policy.end': '政策有效期截止日', 'compute.countFrom': '算力采购计算起始日',
  'compute.threshold': '算力采购起补门槛', 'compute.rate': '算力补助比例', 'compute.cap': '每家企业每年算力补助上限',
  'compute.yearBasis': '确定采购年度的依据', 'compute.amountBasis': '采购金额口径', 'compute.eligibleServiceTypes': '可补助的算力服务类型',
  'compute.eligiblePurposes': '可补助的算力用途', 'invoices.lineTaxTolerance': '发票逐行税额允许尾差', 'compute.requireVerified': '采购须经核验',
  'budget.scaling': '预算不足时的核减方式', 'eligibility.enterprisePrefixes': '企业主体的信用代码前缀', 'eligibility.enterpriseOnlyTypes': '仅限企业申报的项目',
  'eligibility.creditLists': '不得申报的信用名单', 'fraud.minConsecutiveRun': '连号发票核查张数', 'fraud.banYears': '弄虚作假禁止申报年限',
  'vertical.capRate': '垂直模型补助占总投入上限', 'vertical.firstInstallmentRate': '垂直模型认定后拨付比例', 'vertical.minInvestment': '垂直模型项目总投入下限',
  'vertical.consortiumMaxParticipants': '垂直模型联合参与单位上限', 'vertical.acceptanceExtensionMaxMonths': '验收最长延期', 'awards.oncePerSubject': '一次性奖励只发一次',
  'product.amount': '优质产品奖励金额', 'platform.capRate': '平台补助占实际投入上限', 'platform.minInvestment': '平台建设实际投入下限',
  'platform.consortiumMaxParticipants': '平台联合参与单位上限', 'notice.workingDays': '公示期',
};

const ENUM_WORDS: Record<string, string> = {
  issueDate: '开票日期', servicePeriod: '服务期起始日', gross: '价税合计', net: '不含税金额', proportional: '按同一比例核减',
};

/** A parameter's name as the policy would say it; a tier award reads "行业垂直模型 A 档补助". */
export function parameterName(name: string): string {
  const tier = /^(vertical|platform|enterprise)\.tier\.([A-Z])$/.exec(name);
  if (tier) return `${TIER_OF[tier[1]!]} ${tier[2]} 档${tier[1] === 'enterprise' ? '奖励' : '补助'}`;
  return NAMES[name] ?? name;
}

function listValue(name: string, values: readonly string[]): string {
  const table = name.endsWith('ServiceTypes') ? SERVICE_TYPE_NAMES : name.endsWith('Purposes') ? PURPOSE_NAMES : name.endsWith('creditLists') ? CREDIT_LIST_NAMES : name.endsWith('Types') ? POLICY_TYPE_NAMES : null;
  return list(values.map((v) => (table ? nameOf(table, v) : v)));
}

/** The value as a reader writes it: amounts in 万元 or yuan, rates in percent, units in words. */
export function parameterValueText(pv: Pick<ParameterValue, 'name' | 'unit' | 'value'>): string {
  const v = pv.value;
  switch (pv.unit) {
    case 'fen': return typeof v === 'number' ? policyAmount(v) : String(v);
    case 'rate': return typeof v === 'string' ? rateText(v) : String(v);
    case 'working_days': return `${String(v)} 个工作日`;
    case 'years': return `${String(v)} 年`;
    case 'months': return `${String(v)} 个月`;
    case 'count': return `${String(v)}`;
    case 'boolean': return v === true ? '是' : '否';
    case 'enum': return typeof v === 'string' ? (ENUM_WORDS[v] ?? v) : String(v);
    case 'list': return Array.isArray(v) ? listValue(pv.name, v) : String(v);
    default: return String(v);
  }
}

/** "算力采购起补门槛 10 万元（自 2026-02-04 起）". */
export function parameterText(pv: Pick<ParameterValue, 'name' | 'unit' | 'value' | 'from'>): string {
  return `${parameterName(pv.name)} ${parameterValueText(pv)}（自 ${pv.from} 起）`;
}

/** A trace input that is a parameter as `param()` records it. */
export function isParameterInput(v: unknown): v is Pick<ParameterValue, 'name' | 'unit' | 'value' | 'from' | 'clause'> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.name === 'string' && typeof o.unit === 'string' && typeof o.from === 'string' && 'value' in o;
}
