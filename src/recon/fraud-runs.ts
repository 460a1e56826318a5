import { identityKey } from './keys.js';
import { byId, sortSignals, type FraudInvoice, type FraudSignal, type PaidClaim } from './fraud-types.js';

const DIGITS = /^\d+$/;

interface Numbered {
  n: bigint;
  ids: string[];
  x: FraudInvoice;
}

/**
 * Runs of consecutive invoice numbers from one seller to one buyer in one enterprise's claim: a purchase
 * split into many small invoices issued back to back. Copies of the same number count once in the run.
 */
export function consecutiveNumberSignals(invoices: readonly FraudInvoice[], minRun: number): FraudSignal[] {
  const groups = new Map<string, Map<bigint, Numbered>>();
  for (const x of [...invoices].sort(byId)) {
    if (x.isRed || !DIGITS.test(x.invoiceNumber)) continue;
    const key = `${x.enterpriseUscc}|${x.sellerTaxId}|${x.buyerTaxId}|${x.invoiceCode ?? ''}`;
    let byNumber = groups.get(key);
    if (!byNumber) groups.set(key, (byNumber = new Map()));
    const n = BigInt(x.invoiceNumber);
    const seen = byNumber.get(n);
    if (seen) seen.ids.push(x.id);
    else byNumber.set(n, { n, ids: [x.id], x });
  }
  const out: FraudSignal[] = [];
  for (const byNumber of groups.values()) {
    const sorted = [...byNumber.values()].sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
    let start = 0;
    for (let k = 1; k <= sorted.length; k++) {
      if (k < sorted.length && sorted[k]!.n === sorted[k - 1]!.n + 1n) continue;
      if (k - start >= minRun) out.push(runSignal(sorted.slice(start, k)));
      start = k;
    }
  }
  return sortSignals(out);
}

function runSignal(run: readonly Numbered[]): FraudSignal {
  const first = run[0]!.x;
  const last = run[run.length - 1]!.x;
  const dates = run.map((r) => r.x.issueDate).sort();
  let total = 0;
  for (const r of run) total += r.x.totalWithTax;
  return {
    kind: 'CONSECUTIVE_NUMBERS',
    uscc: first.enterpriseUscc,
    invoiceIds: run.flatMap((r) => r.ids),
    details: {
      sellerTaxId: first.sellerTaxId,
      buyerTaxId: first.buyerTaxId,
      invoiceCode: first.invoiceCode,
      firstNumber: first.invoiceNumber,
      lastNumber: last.invoiceNumber,
      length: run.length,
      total,
      firstDate: dates[0]!,
      lastDate: dates[dates.length - 1]!,
    },
  };
}

/**
 * A red invoice that arrives after the payout for the year of the blue invoice it reverses: the subsidy
 * was computed on spend that has since been reduced, so a clawback case is opened.
 */
export function redAfterPayoutSignals(invoices: readonly FraudInvoice[], payouts: readonly PaidClaim[]): FraudSignal[] {
  if (payouts.length === 0) return [];
  const blues = new Map<string, FraudInvoice>();
  for (const x of [...invoices].sort(byId)) {
    const key = `${x.enterpriseUscc}|${x.sellerTaxId}|${identityKey(x.invoiceCode, x.invoiceNumber)}`;
    if (!x.isRed && !blues.has(key)) blues.set(key, x);
  }
  const paid = new Map<string, PaidClaim[]>();
  for (const p of payouts) {
    const key = `${p.uscc}|${p.year}`;
    paid.set(key, [...(paid.get(key) ?? []), p]);
  }
  const out: FraudSignal[] = [];
  for (const red of [...invoices].sort(byId)) {
    if (!red.isRed || red.originalInvoiceNumber === null) continue;
    const blue = blues.get(`${red.enterpriseUscc}|${red.sellerTaxId}|${identityKey(red.originalInvoiceCode, red.originalInvoiceNumber)}`);
    if (!blue) continue;
    const year = Number(blue.issueDate.slice(0, 4));
    const arrivedOn = red.receivedOn ?? red.issueDate;
    const before = (paid.get(`${red.enterpriseUscc}|${year}`) ?? []).filter((p) => p.paidOn < arrivedOn).map((p) => p.paidOn).sort();
    if (before.length === 0) continue;
    out.push({
      kind: 'RED_AFTER_PAYOUT',
      uscc: red.enterpriseUscc,
      invoiceIds: [red.id, blue.id],
      details: { year, paidOn: before[before.length - 1]!, arrivedOn, redAmount: red.totalWithTax, originalInvoiceNumber: red.originalInvoiceNumber },
    });
  }
  return sortSignals(out);
}
