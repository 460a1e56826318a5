import { addDays, addYears, compareDates, isWithin, type IsoDate } from '../domain/dates.js';
import { describeUscc, isValidUscc, routeFunding, type FundingSource } from '../domain/uscc.js';
import type { ApplicantFacts, AwardType, CreditListingFacts } from './facts.js';
import type { ParameterSet } from './parameters/parameter-set.js';
import type { Reason } from './reasons.js';
import { param, type TraceBuilder } from './trace.js';

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
  trace.add('六(一)', 'parameters read as of', { asOf, firstDayInForce: firstDay }, on);

  const start = params.date('policy.start', on);
  const end = params.date('policy.end', on);
  const inWindow = trace.add('六(一)', 'application date within the policy period',
    { appliedOn, start: param(start), end: param(end) }, isWithin(appliedOn, start.value, end.value));
  if (!inWindow) {
    reasons.push({ code: 'OUTSIDE_POLICY_PERIOD', clause: '六(一)', detail: `applied on ${appliedOn}, outside the policy period ${start.value} … ${end.value}` });
  }

  const { uscc } = applicant;
  const valid = trace.add('三', 'USCC passes the GB 32100-2015 checks', { uscc }, isValidUscc(uscc));
  if (!valid) {
    reasons.push({ code: 'INVALID_USCC', clause: '三', detail: `${uscc} is not a valid unified social credit code` });
  } else {
    const info = describeUscc(uscc);
    trace.add('三', 'registered in Fujian (region 35xxxx)', { region: info.region }, info.inFujian);
    if (!info.inFujian) {
      reasons.push({ code: 'NOT_IN_FUJIAN', clause: '三', detail: `region code ${info.region} is outside Fujian (35xxxx)` });
    }
    const enterpriseOnly = params.list('eligibility.enterpriseOnlyTypes', on);
    if (enterpriseOnly.value.includes(type)) {
      const prefixes = params.list('eligibility.enterprisePrefixes', on);
      const ok = trace.add(NOT_ENTERPRISE_CLAUSE[type] ?? '三', 'applicant is an enterprise',
        { type, usccPrefix: uscc.slice(0, 2), kind: info.kind, enterpriseOnlyTypes: param(enterpriseOnly), prefixes: param(prefixes) },
        prefixes.value.includes(uscc.slice(0, 2)));
      if (!ok) {
        reasons.push({ code: 'NOT_ENTERPRISE', clause: NOT_ENTERPRISE_CLAUSE[type] ?? '三', detail: `${type} is for enterprises (USCC ${prefixes.value.join('/')}…); ${uscc} is registered as ${info.kind}` });
      }
    }
    if (info.inFujian) {
      const routed = route(uscc, applicant.officeOverride);
      trace.add('四(一), 六(二)', 'reviewing office and funding source',
        { region: info.region, cityFromUscc: info.city, officeOverride: applicant.officeOverride ?? null }, routed);
      if (routed.office === null) {
        reasons.push({ code: 'NO_REVIEWING_OFFICE', clause: '四(一)', detail: `region ${info.region} maps to no city office; an administrator must set the applicant's city` });
      }
    }
  }

  const lists = params.list('eligibility.creditLists', on);
  const active = applicant.creditListings.filter((l) => lists.value.includes(l.list) && isListingActive(l, asOf));
  trace.add('三', 'not on the abnormal-operations or dishonest list on asOf',
    { asOf, lists: param(lists), listings: applicant.creditListings.map((l) => ({ ...l })) },
    { activeListings: active.map((l) => ({ ...l })) });
  for (const l of active) {
    const until = l.removedOn === null ? 'not removed' : `removed on ${l.removedOn}`;
    reasons.push({ code: 'CREDIT_LISTED', clause: '三', detail: `on the ${l.list} list since ${l.listedOn} (${until})` });
  }

  const banYears = params.whole('fraud.banYears', on);
  const bans = applicant.fraudFindings.filter((f) => isBannedOn(f.foundOn, appliedOn, banYears.value));
  trace.add('五(一)', 'no fraud ban in force on the application date',
    { appliedOn, banYears: param(banYears), findings: applicant.fraudFindings.map((f) => f.foundOn) },
    { banningFindings: bans.map((f) => ({ foundOn: f.foundOn, eligibleAgainOn: fraudBanEndsOn(f.foundOn, banYears.value) })) });
  for (const f of bans) {
    const lastDay = addDays(fraudBanEndsOn(f.foundOn, banYears.value), -1);
    reasons.push({ code: 'FRAUD_BAN', clause: '五(一)', detail: `fraud found on ${f.foundOn}: banned from applying through ${lastDay}` });
  }

  const { office, fundingSource } = route(uscc, applicant.officeOverride);
  return { on, reasons, office, fundingSource };
}
