import type { ParameterDefinition } from './types.js';

/** 闽工信规〔2026〕1号 was issued, and took effect, on this day (六(一)). */
export const POLICY_ISSUED_ON = '2026-02-04';

const since = (value: ParameterDefinition['values'][number]['value']) => [{ from: POLICY_ISSUED_ON, value }];

export const SERVICE_TYPES = [
  'gpu_compute',
  'npu_compute',
  'ai_accelerator_compute',
  'general_compute',
  'storage',
  'network',
  'other',
] as const;

export const PURPOSES = ['model_development', 'algorithm_validation', 'data_processing', 'ai_application', 'other'] as const;

export const AWARD_TYPES = ['compute_subsidy', 'vertical_model', 'platform', 'product', 'enterprise'] as const;

function tier(prefix: string, t: string, yuan: number, clause: string): ParameterDefinition {
  return {
    name: `${prefix}.tier.${t}`,
    unit: 'fen',
    clause,
    note: `Tier ${t} award (${yuan.toLocaleString('en-US')} yuan).`,
    values: since(yuan * 100),
  };
}

/** Every parameter the rule modules read, seeded from RULES.md. Amounts are fen. */
export const DEFAULT_PARAMETERS: readonly ParameterDefinition[] = [
  // 六(一) validity
  { name: 'policy.start', unit: 'date', clause: '六(一)', note: 'In force from the issue date; an application dated earlier is outside the policy period.', values: since('2026-02-04') },
  { name: 'policy.end', unit: 'date', clause: '六(一)', note: 'Valid until 2028-12-31 inclusive; an application dated later is refused.', values: since('2028-12-31') },

  // 二(五), 三(五) compute-purchase subsidy
  { name: 'compute.countFrom', unit: 'date', clause: '六(一)', note: 'Decision: purchases count in whole calendar years from this day, so 2026 counts from 1 January although the policy was issued on 4 February. Covered years run from this year to the year of policy.end.', values: since('2026-01-01') },
  { name: 'compute.threshold', unit: 'fen', clause: '二(五), 三(五)1', note: 'Annual eligible verified spend must reach 100,000.00 yuan; "（含）" makes the threshold inclusive.', values: since(10_000_000) },
  { name: 'compute.rate', unit: 'rate', clause: '二(五)', note: '"不超过50%": the subsidy is floor(rate × eligible spend) to the fen, so it never exceeds 50%.', values: since('0.5') },
  { name: 'compute.cap', unit: 'fen', clause: '二(五)', note: 'At most 500,000.00 yuan per enterprise per calendar year, across all of its compute-subsidy applications of that year.', values: since(50_000_000) },
  { name: 'compute.yearBasis', unit: 'enum', clause: '二(五)', allowed: ['issueDate', 'servicePeriod'], note: 'Decision: a purchase belongs to the year of its invoice issue date (开票日期); servicePeriod uses the year the service period starts.', values: since('issueDate') },
  { name: 'compute.amountBasis', unit: 'enum', clause: '二(五)', allowed: ['gross', 'net'], note: 'Decision: "实际购买…费用" is the tax-inclusive total actually paid (价税合计); net uses the amount before VAT.', values: since('gross') },
  { name: 'compute.eligibleServiceTypes', unit: 'list', clause: '二(五)', allowed: SERVICE_TYPES, note: 'Decision: only intelligent compute counts (GPU / NPU / AI-accelerator: training, inference, bare metal, cloud instances); general CPU hosting, storage, bandwidth, hardware and software licences do not.', values: since(['gpu_compute', 'npu_compute', 'ai_accelerator_compute']) },
  { name: 'compute.eligiblePurposes', unit: 'list', clause: '三(五)2', allowed: PURPOSES, note: 'Compute must be used for model development, algorithm validation, data processing or AI applications; each purchase declares exactly one purpose.', values: since(['model_development', 'algorithm_validation', 'data_processing', 'ai_application']) },
  { name: 'invoices.lineTaxTolerance', unit: 'fen', clause: '三(五)1', note: 'Decision: an invoice line whose tax differs from amount × rate by more than this is flagged (LINE_TAX check); 0.06 yuan is the per-line rounding difference VAT invoicing accepts, and summary lines of a 销货清单 carry the sum of their lines\u2019 rounded taxes.', values: since(6) },
  { name: 'compute.requireVerified', unit: 'boolean', clause: '三(五)1', note: 'Decision: a purchase counts only when matched to a compute-service provider statement line, or accepted by finance by hand with a recorded reason.', values: since(true) },
  { name: 'budget.scaling', unit: 'enum', clause: '二(五)', allowed: ['proportional'], note: 'Decision: when a funding source’s yearly budget is below the sum of a round’s computed awards, every award of the round is multiplied by the same ratio budget ÷ total and floored to the fen.', values: since('proportional') },

  // 三 who may apply
  { name: 'eligibility.enterprisePrefixes', unit: 'list', clause: '二(四), 二(五), 三(四)1, 三(五)1', note: 'Decision: "企业" means a USCC starting 91 (an enterprise registered with market regulation).', values: since(['91']) },
  { name: 'eligibility.enterpriseOnlyTypes', unit: 'list', clause: '二(四), 二(五), 三', allowed: AWARD_TYPES, note: 'Award types reserved for enterprises; the others are open to any unit (企业, 事业单位 …) with a valid Fujian USCC.', values: since(['compute_subsidy', 'enterprise']) },
  { name: 'eligibility.creditLists', unit: 'list', clause: '三', allowed: ['abnormal', 'dishonest'], note: '经营异常名录 and 失信名单 per 信用中国: an entry active on the review date (listed on or before it, not removed on or before it) makes the applicant ineligible.', values: since(['abnormal', 'dishonest']) },
  { name: 'fraud.minConsecutiveRun', unit: 'count', clause: '五(一)', note: 'Decision: this many or more consecutive invoice numbers from one seller to one buyer are raised for review as possible splitting of one purchase.', values: since(5) },
  { name: 'fraud.banYears', unit: 'years', clause: '五(一)', note: '"三年内不得申报": banned from the finding date up to, not including, the same calendar day N years later (29 February → 28 February); eligible again on that anniversary.', values: since(3) },

  // 二(一), 三(一), 五(三) industry vertical model
  tier('vertical', 'A', 10_000_000, '二(一)'),
  tier('vertical', 'B', 6_000_000, '二(一)'),
  tier('vertical', 'C', 3_000_000, '二(一)'),
  { name: 'vertical.capRate', unit: 'rate', clause: '二(一)', note: 'Award ≤ 30% of total project investment: min(tier, floor(rate × investment)).', values: since('0.3') },
  { name: 'vertical.firstInstallmentRate', unit: 'rate', clause: '二(一)', note: 'Paid on recognition (认定): floor(rate × award); the remainder after acceptance (验收).', values: since('0.5') },
  { name: 'vertical.minInvestment', unit: 'fen', clause: '三(一)3', note: '"原则上不低于1000万元": below it the application is not refused automatically, but needs a reviewer’s justified exception.', values: since(1_000_000_000) },
  { name: 'vertical.consortiumMaxParticipants', unit: 'count', clause: '三(一)4', note: 'One lead (the applicant) and at most this many participants.', values: since(4) },
  { name: 'vertical.acceptanceExtensionMaxMonths', unit: 'months', clause: '五(三)', note: 'Longest approved extension of the implementation period before acceptance.', values: since(6) },

  // One-time awards
  { name: 'awards.oncePerSubject', unit: 'list', clause: '二(二), 二(三), 二(四)', allowed: AWARD_TYPES, note: 'Decision: "一次性" awards are paid once per subject over the policy period: the quality-enterprise award per unit (USCC), product and platform awards per unit and product / platform name. A repeat is not eligible (ALREADY_AWARDED).', values: since(['product', 'platform', 'enterprise']) },

  // 二(二), 三(二) product
  { name: 'product.amount', unit: 'fen', clause: '二(二)', note: 'One-time award of 500,000 yuan.', values: since(50_000_000) },

  // 二(三), 三(三) innovation platform
  tier('platform', 'A', 5_000_000, '二(三)'),
  tier('platform', 'B', 3_000_000, '二(三)'),
  tier('platform', 'C', 1_000_000, '二(三)'),
  { name: 'platform.capRate', unit: 'rate', clause: '二(三)', note: 'Award ≤ 50% of actual platform construction investment: min(tier, floor(rate × investment)).', values: since('0.5') },
  { name: 'platform.minInvestment', unit: 'fen', clause: '三(三)3', note: '"原则上不少于500万元": below it a reviewer’s justified exception is needed.', values: since(500_000_000) },
  { name: 'platform.consortiumMaxParticipants', unit: 'count', clause: '三(三)4', note: 'One lead (the applicant) and at most this many participants.', values: since(4) },

  // 二(四), 三(四) quality enterprise
  tier('enterprise', 'A', 3_000_000, '二(四)'),
  tier('enterprise', 'B', 1_000_000, '二(四)'),

  // 四(三) process
  { name: 'notice.workingDays', unit: 'working_days', clause: '四(三)', note: 'Public notice (公示) lasts this many working days of the official PRC calendar; day 1 is the start date if it is a working day, else the next one.', values: since(5) },
];
