import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applicationInvoices, invoices } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { PurchaseFacts } from '../../rules/facts.js';

const UNKNOWN_ORIGINAL = '(original not named)';

export interface LoadedPurchase {
  invoiceId: string;
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
 * The enterprise's parsed invoices as rule-module purchase facts, verified as the last matching run found
 * them (a statement line confirms them with no blocking break, or finance accepted them), with the service
 * type that line or finance gave. Invoices already frozen by another
 * application are left out unless `includeFrozenBy` names that application (or `includeAllFrozen`, for the
 * year's running position).
 */
export async function loadComputePurchases(
  db: Queryable,
  uscc: string,
  opts: { includeFrozenBy?: string; includeAllFrozen?: boolean } = {},
): Promise<LoadedPurchase[]> {
  const frozenElsewhere = opts.includeAllFrozen ? undefined : notExists(
    db
      .select({ one: sql`1` })
      .from(applicationInvoices)
      .where(
        and(
          eq(applicationInvoices.invoiceId, invoices.id),
          opts.includeFrozenBy ? sql`${applicationInvoices.applicationId} <> ${opts.includeFrozenBy}` : undefined,
        ),
      ),
  );
  const rows = await db
    .select({
      id: invoices.id,
      invoiceNumber: invoices.invoiceNumber,
      invoiceCode: invoices.invoiceCode,
      issueDate: invoices.issueDate,
      totalWithTax: invoices.totalWithTax,
      totalAmount: invoices.totalAmount,
      verified: invoices.verified,
      verifiedServiceType: invoices.verifiedServiceType,
      purpose: invoices.purpose,
      isRed: invoices.isRed,
      originalInvoiceNumber: invoices.originalInvoiceNumber,
      originalInvoiceCode: invoices.originalInvoiceCode,
    })
    .from(invoices)
    .where(and(eq(invoices.enterpriseUscc, uscc), eq(invoices.status, 'parsed'), frozenElsewhere))
    .orderBy(asc(invoices.issueDate), asc(invoices.id));
  if (rows.length === 0) return [];

  return rows.map((r) => {
    const facts: PurchaseFacts = {
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
    return { invoiceId: r.id, facts };
  });
}
