import { compareDates, yearOf, type IsoDate } from '../domain/dates.js';
import { floorMulRatio, parseYuan, type Fen } from '../domain/money.js';
import type { PurchaseFacts } from './facts.js';
import type { ExclusionCode } from './reasons.js';

/** The parameter values that decide which purchases count (二(五), 三(五)). */
export interface PurchaseRules {
  year: number;
  amountBasis: 'gross' | 'net';
  yearBasis: 'issueDate' | 'servicePeriod';
  countFrom: IsoDate;
  eligibleServiceTypes: readonly string[];
  eligiblePurposes: readonly string[];
  requireVerified: boolean;
}

export interface PurchaseOutcome {
  invoiceNumber: string;
  isRed: boolean;
  /** This invoice's own amount on the chosen basis (negative for a red invoice). */
  amount: Fen;
  /** For a blue invoice: its amount after the red invoices reversing it (never below 0). */
  netted: Fen;
  /** The part of `amount` that is intelligent compute: all of it unless the facts split it. */
  intelligent: Fen;
  /** For a blue invoice: its intelligent part after the red invoices reversing it. */
  intelligentNetted: Fen;
  /** Red invoices netted into this blue one, or for a red one the blue it was netted into. */
  reversedBy: string[];
  nettedInto: string | null;
  /** The date that placed the purchase in a year, and that year. */
  countedOn: IsoDate;
  year: number;
  exclusions: ExclusionCode[];
  /** What it adds to eligible spend. */
  counted: Fen;
}

export interface ComputeSpend {
  year: number;
  /** Verified purchases of the year after netting, whatever their service type or purpose. */
  verifiedSpend: Fen;
  /** The spend the subsidy is computed on. */
  eligibleSpend: Fen;
  outcomes: PurchaseOutcome[];
}

function basisAmount(p: PurchaseFacts, basis: PurchaseRules['amountBasis']): Fen {
  return parseYuan(basis === 'net' ? p.netAmount : p.amount);
}

/**
 * The intelligent part on the chosen basis. The facts state it on the tax-inclusive amount; on the net basis
 * it is taken in the same proportion of the net amount, floored (so a red invoice reverses at least as much).
 */
function intelligentAmount(p: PurchaseFacts, basis: PurchaseRules['amountBasis'], amount: Fen): Fen {
  if (p.intelligentAmount === undefined) return amount;
  const gross = parseYuan(p.intelligentAmount);
  if (basis === 'gross') return gross;
  const total = parseYuan(p.amount);
  return total === 0 ? 0 : floorMulRatio(gross, Math.abs(amount), Math.abs(total));
}

function dateForYear(p: PurchaseFacts, basis: PurchaseRules['yearBasis']): IsoDate {
  // With no service period stated the issue date is the only date there is; the outcome records it.
  return basis === 'servicePeriod' && p.servicePeriodStart !== undefined ? p.servicePeriodStart : p.issueDate;
}

/**
 * Sorts a year's purchases into counted and excluded. Each invoice number funds one claim (五(一)),
 * so a repeat within the list is a DUPLICATE. A red invoice is not judged on its own: it reduces the
 * blue invoice it reverses, which is then judged as a whole — so reversing an excluded purchase
 * changes nothing, and reversing a counted one lowers eligible spend.
 */
export function classifyPurchases(purchases: readonly PurchaseFacts[], rules: PurchaseRules): ComputeSpend {
  const seen = new Set<string>();
  const outcomes: PurchaseOutcome[] = purchases.map((p) => {
    const countedOn = dateForYear(p, rules.yearBasis);
    const duplicate = seen.has(p.invoiceNumber);
    seen.add(p.invoiceNumber);
    const amount = basisAmount(p, rules.amountBasis);
    const intelligent = intelligentAmount(p, rules.amountBasis, amount);
    return {
      invoiceNumber: p.invoiceNumber,
      isRed: p.isRed,
      amount,
      netted: p.isRed ? 0 : amount,
      intelligent,
      intelligentNetted: p.isRed ? 0 : intelligent,
      reversedBy: [],
      nettedInto: null,
      countedOn,
      year: yearOf(countedOn),
      exclusions: duplicate ? ['DUPLICATE'] : [],
      counted: 0,
    };
  });

  const blues = new Map<string, PurchaseOutcome>();
  for (const o of outcomes) if (!o.isRed && o.exclusions.length === 0) blues.set(o.invoiceNumber, o);

  purchases.forEach((p, i) => {
    const red = outcomes[i]!;
    if (!p.isRed || red.exclusions.length > 0) return;
    const blue = p.originalInvoiceNumber === null ? undefined : blues.get(p.originalInvoiceNumber);
    if (!blue) {
      red.exclusions.push('ORIGINAL_NOT_IN_CLAIM');
      return;
    }
    blue.reversedBy.push(red.invoiceNumber);
    blue.netted += red.amount;
    blue.intelligentNetted += red.intelligent;
    red.nettedInto = blue.invoiceNumber;
  });

  let verifiedSpend = 0;
  let eligibleSpend = 0;
  purchases.forEach((p, i) => {
    const o = outcomes[i]!;
    if (o.isRed || o.exclusions.length > 0) return;
    // Reversals larger than the invoice would be a data error; they cannot make spend negative. Only the
    // intelligent part counts, and never more than what is left of the invoice (RULES.md, which items count).
    o.netted = Math.max(0, o.netted);
    o.intelligentNetted = Math.max(0, Math.min(o.netted, o.intelligentNetted));
    if (rules.requireVerified && !p.verified) o.exclusions.push('NOT_VERIFIED');
    if (!rules.eligibleServiceTypes.includes(p.serviceType)) o.exclusions.push('SERVICE_NOT_ELIGIBLE');
    if (!rules.eligiblePurposes.includes(p.purpose)) o.exclusions.push('PURPOSE_NOT_ELIGIBLE');
    if (o.year !== rules.year) o.exclusions.push('OTHER_YEAR');
    else if (compareDates(o.countedOn, rules.countFrom) < 0) o.exclusions.push('BEFORE_COUNT_FROM');
    const inYear = o.year === rules.year && compareDates(o.countedOn, rules.countFrom) >= 0;
    if (inYear && p.verified) verifiedSpend += o.netted;
    if (o.exclusions.length === 0) {
      o.counted = o.intelligentNetted;
      eligibleSpend += o.counted;
    }
  });

  return { year: rules.year, verifiedSpend, eligibleSpend, outcomes };
}
