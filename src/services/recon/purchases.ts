import { and, asc, eq, gte, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applicationInvoices, invoices } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { PurchaseFacts } from '../../rules/facts.js';

const UNKNOWN_ORIGINAL = '(original not named)';

export interface LoadedPurchase {
  invoiceId: string;
  /** The application that froze this invoice (one invoice funds one claim, 五(一)), or null. */
  claimedBy: string | null;
  facts: PurchaseFacts;
}

/**
 * An invoice's identity for "one invoice funds one claim": the 20-digit 数电 number, or code + number for
 * legacy invoices, whose 8-digit numbers repeat across codes.
 */
export function invoiceKey(number: string, code: string | null): string {
  return code ? `${code}-${number}` : number;
}

/**
 * The enterprise's purchases of a year as rule-module facts, whoever has claimed them: its parsed blue
 * invoices issued in the year, and the red invoices that reverse one of them or were issued in the year.
 * Each is verified as the last matching run found it (a statement line confirms it with no blocking break,
 * or finance accepted it), with the service type and intelligent-compute part that its lines or finance gave.
 * Ordered by issue date, an invoice some claim froze before an unclaimed copy with the same date, then id.
 */
export async function loadComputePurchases(db: Queryable, uscc: string, year: number): Promise<LoadedPurchase[]> {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const inYear = and(gte(invoices.issueDate, from), lt(invoices.issueDate, to));
  const rows = await db
    .select({
      id: invoices.id,
      claimedBy: applicationInvoices.applicationId,
      invoiceNumber: invoices.invoiceNumber,
      invoiceCode: invoices.invoiceCode,
      issueDate: invoices.issueDate,
      totalWithTax: invoices.totalWithTax,
      totalAmount: invoices.totalAmount,
      verified: invoices.verified,
      verifiedServiceType: invoices.verifiedServiceType,
      intelligentAmount: invoices.intelligentAmount,
      purpose: invoices.purpose,
      isRed: invoices.isRed,
      originalInvoiceNumber: invoices.originalInvoiceNumber,
      originalInvoiceCode: invoices.originalInvoiceCode,
    })
    .from(invoices)
    .leftJoin(applicationInvoices, eq(applicationInvoices.invoiceId, invoices.id))
    .where(and(eq(invoices.enterpriseUscc, uscc), eq(invoices.status, 'parsed'), or(inYear, and(eq(invoices.isRed, true), isNotNull(invoices.originalInvoiceNumber)))))
    .orderBy(asc(invoices.issueDate), sql`${applicationInvoices.applicationId} is null`, asc(invoices.id));
  if (rows.length === 0) return [];

  const facts = rows.map((r) => {
    const f: PurchaseFacts = {
      invoiceNumber: invoiceKey(r.invoiceNumber!, r.invoiceCode),
      issueDate: r.issueDate!,
      amount: formatYuan(r.totalWithTax ?? 0),
      netAmount: formatYuan(r.totalAmount ?? 0),
      // Unverified purchases have no confirmed service type; `other` keeps them out until one is known.
      serviceType: ((r.verified && r.verifiedServiceType) || 'other') as PurchaseFacts['serviceType'],
      purpose: r.purpose as PurchaseFacts['purpose'],
      verified: r.verified,
      isRed: r.isRed ?? false,
      // A red invoice that names no original cannot be netted; the rules exclude it as ORIGINAL_NOT_IN_CLAIM.
      originalInvoiceNumber: r.isRed ? (r.originalInvoiceNumber ? invoiceKey(r.originalInvoiceNumber, r.originalInvoiceCode) : UNKNOWN_ORIGINAL) : null,
    };
    if (r.verified && r.intelligentAmount !== null) f.intelligentAmount = formatYuan(r.intelligentAmount);
    return { invoiceId: r.id, claimedBy: r.claimedBy, facts: f };
  });
  // Red invoices of other years count here only when they reverse a purchase of this year.
  const blues = new Set(facts.filter((p) => !p.facts.isRed && p.facts.issueDate >= from && p.facts.issueDate < to).map((p) => p.facts.invoiceNumber));
  return facts.filter((p) => !p.facts.isRed || (p.facts.issueDate >= from && p.facts.issueDate < to) || blues.has(p.facts.originalInvoiceNumber!));
}
