import { addDays, addYears, compareDates, isWithin, type IsoDate } from '../domain/dates.js';
import { describeUscc, isValidUscc, routeFunding, type FundingSource } from '../domain/uscc.js';
import type { ApplicantFacts, AwardType, CreditListingFacts } from './facts.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import { reason, type Reason } from './reasons.js';
import { param, type TraceBuilder } from './trace.js';
import { CREDIT_LIST_NAMES, FUNDING_NAMES, list, nameOf, OFFICE_NAMES, POLICY_TYPE_NAMES, since, UNIT_KIND_NAMES } from './words.js';

/** What every award type checks first (三, 五(一), 六(一), 四, 六(二)). */
export interface GeneralOutcome {
  /** The day parameters are read on: asOf, or the first day they exist when asOf is earlier. */
  on: IsoDate;
  reasons: Reason[];
  office: string | null;
  fundingSource: FundingSource | null;
}

const NOT_ENTERPRISE_CLAUSE: Partial<Record<AwardType, string>> = {
  compute_subsidy: '二(五), 三(五)1',
  enterprise: '二(四), 三(四)1',
};

/** A listing is in force on asOf when listed on or before it and not removed on or before it. */
export function isListingActive(listing: Pick<CreditListingFacts, 'listedOn' | 'removedOn'>, asOf: IsoDate): boolean {
  if (compareDates(listing.listedOn, asOf) > 0) return false;
  return listing.removedOn === null || compareDates(listing.removedOn, asOf) > 0;
}

/**
 * 五(一) "三年内不得申报": the ban runs from the finding date up to, not including, the same calendar
 * day `years` later (a finding on 29 February ends on 28 February). That anniversary is the first
 * day the unit may apply again. A finding dated after asOf did not yet exist on asOf.
 */
export function fraudBanEndsOn(foundOn: IsoDate, years: number): IsoDate {
  return addYears(foundOn, years);
}

export function isBannedOn(foundOn: IsoDate, asOf: IsoDate, years: number): boolean {
  return compareDates(foundOn, asOf) <= 0 && compareDates(asOf, fraudBanEndsOn(foundOn, years)) < 0;
}

/** Where an application goes (四(一)) and who pays (六(二)): the USCC's city, unless re-routed by an admin. */
export function route(uscc: string, officeOverride?: string): { office: string | null; fundingSource: FundingSource | null } {
  if (!isValidUscc(uscc)) return { office: null, fundingSource: null };
  const info = describeUscc(uscc);
  if (!info.inFujian) return { office: null, fundingSource: null };
  const office = officeOverride ?? info.office;
  if (office === null) return { office: null, fundingSource: null };
  return { office, fundingSource: routeFunding(office === 'pingtan' ? '3501' : office) };
}

/**
 * `appliedOn` (the submission date, asOf when absent) judges the policy window and the fraud ban, which
 * bar applying (六(一), 五(一) 不得申报); credit listings are read on `asOf`, the day of the decision, so a
 * listing that appears while an application is under review counts at the next review (三).
 */
export function checkGeneral(
  type: AwardType,
  asOf: IsoDate,
  applicant: ApplicantFacts,
  params: ParameterSet,
  trace: TraceBuilder,
  appliedOn: IsoDate = asOf,
): GeneralOutcome {
  const reasons: Reason[] = [];
  const firstDay = params.firstDayAllInForce();
  const on = compareDates(asOf, firstDay) < 0 ? firstDay : asOf;
  trace.add('六(一)', 'parameters read as of', { asOf, firstDayInForce: firstDay }, on,
    on === asOf ? `按 ${on} 当日施行的政策参数作出决定` : `决定日期 ${asOf} 早于政策参数生效日，按 ${on} 起施行的参数作出决定`);

  const start = params.date('policy.start', on);
  const end = params.date('policy.end', on);
  const period = `政策有效期 ${start.value} 至 ${end.value}`;
  const inWindow = trace.add('六(一)', 'application date within the policy period',
    { appliedOn, start: param(start), end: param(end) }, isWithin(appliedOn, start.value, end.value),
    (ok) => (ok ? `申报日期 ${appliedOn} 在${period} 内` : `申报日期 ${appliedOn} 不在${period} 内，不能申报`));
  if (!inWindow) {
    reasons.push(reason('OUTSIDE_POLICY_PERIOD', '六(一)', `applied on ${appliedOn}, outside the policy period ${start.value} … ${end.value}`,
      `申报日期 ${appliedOn} 不在${period} 内，不能申报`));
  }

  const { uscc } = applicant;
  const valid = trace.add('三', 'USCC passes the GB 32100-2015 checks', { uscc }, isValidUscc(uscc),
    (ok) => (ok ? `统一社会信用代码 ${uscc} 通过 GB 32100-2015 校验` : `统一社会信用代码 ${uscc} 未通过 GB 32100-2015 校验，不是有效代码`));
  if (!valid) {
    reasons.push(reason('INVALID_USCC', '三', `${uscc} is not a valid unified social credit code`, `统一社会信用代码 ${uscc} 无效，无法确认申报主体`));
  } else {
    const info = describeUscc(uscc);
    trace.add('三', 'registered in Fujian (region 35xxxx)', { region: info.region }, info.inFujian,
      (ok) => `登记管理机关行政区划代码 ${info.region} ${ok ? '属于' : '不属于'}福建省（35 开头）`);
    if (!info.inFujian) {
      reasons.push(reason('NOT_IN_FUJIAN', '三', `region code ${info.region} is outside Fujian (35xxxx)`,
        `行政区划代码 ${info.region} 不在福建省，申报主体应为在本省内依法生产经营的单位`));
    }
    const enterpriseOnly = params.list('eligibility.enterpriseOnlyTypes', on);
    if (enterpriseOnly.value.includes(type)) {
      const prefixes = params.list('eligibility.enterprisePrefixes', on);
      const clause = NOT_ENTERPRISE_CLAUSE[type] ?? '三';
      const rule = `${nameOf(POLICY_TYPE_NAMES, type)}仅限企业申报（${since(prefixes)}口径：代码以 ${list(prefixes.value)} 开头）`;
      const kind = nameOf(UNIT_KIND_NAMES, info.kind);
      const ok = trace.add(clause, 'applicant is an enterprise',
        { type, usccPrefix: uscc.slice(0, 2), kind: info.kind, enterpriseOnlyTypes: param(enterpriseOnly), prefixes: param(prefixes) },
        prefixes.value.includes(uscc.slice(0, 2)),
        (yes) => `${rule}；${uscc} 登记为${kind}，${yes ? '符合' : '不符合'}`);
      if (!ok) {
        reasons.push(reason('NOT_ENTERPRISE', clause, `${type} is for enterprises (USCC ${prefixes.value.join('/')}…); ${uscc} is registered as ${info.kind}`,
          `${rule}，${uscc} 登记为${kind}，不是企业`));
      }
    }
    if (info.inFujian) {
      const routed = route(uscc, applicant.officeOverride);
      trace.add('四(一), 六(二)', 'reviewing office and funding source',
        { region: info.region, cityFromUscc: info.city, officeOverride: applicant.officeOverride ?? null }, routed,
        routed.office === null
          ? `行政区划代码 ${info.region} 对应不到市级受理部门`
          : `${applicant.officeOverride ? `管理员已将申请人所在地改为${nameOf(OFFICE_NAMES, routed.office)}` : `按代码所在地`}，由${nameOf(OFFICE_NAMES, routed.office)}工信部门受理，资金来源为${nameOf(FUNDING_NAMES, routed.fundingSource)}`);
      if (routed.office === null) {
        reasons.push(reason('NO_REVIEWING_OFFICE', '四(一)', `region ${info.region} maps to no city office; an administrator must set the applicant's city`,
          `行政区划代码 ${info.region} 对应不到设区市或平潭综合实验区工信部门，须由管理员指定申请人所在地`));
      }
    }
  }

  const lists = params.list('eligibility.creditLists', on);
  const active = applicant.creditListings.filter((l) => lists.value.includes(l.list) && isListingActive(l, asOf));
  const listNames = list(lists.value.map((l) => nameOf(CREDIT_LIST_NAMES, l)));
  trace.add('三', 'not on the abnormal-operations or dishonest list on asOf',
    { asOf, lists: param(lists), listings: applicant.creditListings.map((l) => ({ ...l })) },
    { activeListings: active.map((l) => ({ ...l })) },
    active.length === 0
      ? `${asOf} 未列入${listNames}（以“信用中国”记录为准）`
      : `${asOf} 列入${list(active.map(listingText))}`);
  for (const l of active) {
    const until = l.removedOn === null ? 'not removed' : `removed on ${l.removedOn}`;
    reasons.push(reason('CREDIT_LISTED', '三', `on the ${l.list} list since ${l.listedOn} (${until})`,
      `${asOf} 列入${listingText(l)}，不符合申报条件`));
  }

  const banYears = params.whole('fraud.banYears', on);
  const bans = applicant.fraudFindings.filter((f) => isBannedOn(f.foundOn, appliedOn, banYears.value));
  trace.add('五(一)', 'no fraud ban in force on the application date',
    { appliedOn, banYears: param(banYears), findings: applicant.fraudFindings.map((f) => f.foundOn) },
    { banningFindings: bans.map((f) => ({ foundOn: f.foundOn, eligibleAgainOn: fraudBanEndsOn(f.foundOn, banYears.value) })) },
    bans.length === 0
      ? `${applicant.fraudFindings.length === 0 ? '没有弄虚作假认定记录' : `弄虚作假认定（${list(applicant.fraudFindings.map((f) => f.foundOn))}）的禁止申报期已满或尚未开始`}，申报日期 ${appliedOn} 不受${since(banYears)} ${banYears.value} 年禁止申报限制`
      : `申报日期 ${appliedOn} 在弄虚作假禁止申报期内：${list(bans.map((f) => banText(f.foundOn, banYears.value)))}`);
  for (const f of bans) {
    const lastDay = addDays(fraudBanEndsOn(f.foundOn, banYears.value), -1);
    reasons.push(reason('FRAUD_BAN', '五(一)', `fraud found on ${f.foundOn}: banned from applying through ${lastDay}`,
      `${banText(f.foundOn, banYears.value)}，申报日期 ${appliedOn} 在禁止期内，不得申报`));
  }

  const { office, fundingSource } = route(uscc, applicant.officeOverride);
  return { on, reasons, office, fundingSource };
}

/** "失信名单（2026-05-01 列入，未移出）" */
function listingText(l: Pick<CreditListingFacts, 'list' | 'listedOn' | 'removedOn'>): string {
  return `${nameOf(CREDIT_LIST_NAMES, l.list)}（${l.listedOn} 列入，${l.removedOn === null ? '未移出' : `${l.removedOn} 移出`}）`;
}

/** "2025-06-01 认定弄虚作假，3 年内不得申报，至 2028-05-31 止" */
function banText(foundOn: IsoDate, years: number): string {
  return `${foundOn} 认定弄虚作假，${years} 年内不得申报，至 ${addDays(fraudBanEndsOn(foundOn, years), -1)} 止`;
}
