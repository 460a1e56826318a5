import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { fraudSignals, invoices, providers } from '../../db/schema/index.js';
import { jsonb, timestamptz } from '../../db/sql-values.js';
import type { Tx } from '../../db/client.js';
import { newId } from '../../domain/ids.js';
import { parseYuanLoose } from '../../domain/money.js';
import { checkInvoice } from '../../invoices/checks.js';
import type { ParsedInvoice } from '../../invoices/parse.js';
import { applyTrustAnchors, needsTrustAnchors } from '../../invoices/signature/index.js';
import { loadParameterSet, shanghaiDate } from '../policy/index.js';
import { verb, type ServiceContext } from '../context.js';
import { enqueueRematch } from '../recon/rematch.js';
import { openClawbackForRedInvoice } from '../supervision/red-invoice-clawback.js';
import { activeTrustAnchors } from '../trust/list-trust-anchors.js';

function fenOf(text: string | null): number | null {
  return text === null ? null : parseYuanLoose(text);
}

/** Other invoices on file with the same identity: number, plus code for legacy invoices. */
async function sameInvoiceElsewhere(tx: Tx, id: string, number: string, code: string | null) {
  return tx
    .select({ invoiceId: invoices.id, enterpriseUscc: invoices.enterpriseUscc })
    .from(invoices)
    .where(
      and(
        eq(invoices.invoiceNumber, number),
        code === null ? isNull(invoices.invoiceCode) : eq(invoices.invoiceCode, code),
        eq(invoices.status, 'parsed'),
        ne(invoices.id, id),
      ),
    )
    .orderBy(asc(invoices.parsedAt), asc(invoices.id));
}

/**
 * Locks the invoice for this transaction and tells whether it is still as the job found it. A job may be
 * delivered twice at once (a worker thought dead whose job was handed to another): both read `received`
 * before either commits, and only the first to take the lock may record a result.
 */
async function stillAsFound(tx: Tx, row: ReceivedInvoice): Promise<boolean> {
  const [current] = await tx.select({ status: invoices.status }).from(invoices).where(eq(invoices.id, row.id)).for('update');
  return current?.status === row.status;
}

/** What recording a parse needs of the invoice as the job found it. */
export interface ReceivedInvoice {
  id: string;
  status: string;
  enterpriseUscc: string;
}

/**
 * Stores the parsed fields, items, checks and signature; a copy held by another enterprise, or a signature
 * that shows the file was changed after signing, raises a fraud signal.
 */
export async function recordParsed(ctx: ServiceContext, row: ReceivedInvoice, parsed: ParsedInvoice): Promise<void> {
  const f = parsed.fields;
  const today = shanghaiDate(ctx.clock());
  // The parser thread cannot read the trust store: the chain is checked here, before the transaction,
  // against the anchors held now (read only when the file has a signature they can speak to).
  const anchors = needsTrustAnchors(parsed.signature) ? await activeTrustAnchors(ctx.db) : [];
  const signature = await applyTrustAnchors(parsed.signature, anchors);
  await verb(ctx, async (tx) => {
    // Sent together, executed in order: the row lock, then the number lock (parses of the same number take
    // turns, so two copies arriving together still see each other), then the reads, each of which takes its
    // snapshot after the locks before it are held.
    const [asFound, , duplicates, [provider], params] = await Promise.all([
      stillAsFound(tx, row),
      tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invoice:${f.invoiceNumber}`}))`),
      sameInvoiceElsewhere(tx, row.id, f.invoiceNumber, f.invoiceCode),
      f.seller.taxId ? tx.select({ id: providers.id }).from(providers).where(eq(providers.uscc, f.seller.taxId)).limit(1) : [],
      loadParameterSet(tx),
    ]);
    if (!asFound) return { result: undefined, audit: null };
    const window = { from: params.date('compute.countFrom', today).value, to: params.date('policy.end', today).value };
    const checks = checkInvoice(f, {
      uploaderUscc: row.enterpriseUscc,
      sellerIsRegisteredProvider: !!provider,
      lineTaxTolerance: params.fen('invoices.lineTaxTolerance', today).value,
      window,
      duplicates,
      signature,
    });
    const heldElsewhere = duplicates.find((d) => d.enterpriseUscc !== row.enterpriseUscc);
    // The writes go out together. Items are written only here, on the one move away from 'received' (under
    // the row lock above), so there are none to replace.
    const items = f.items.map((item, i) => ({
      line_no: i + 1,
      name: item.name,
      spec: item.spec,
      unit: item.unit,
      quantity: item.quantity,
      unit_price: item.unitPrice,
      amount: fenOf(item.amount) ?? 0,
      tax_rate: item.taxRate,
      tax: fenOf(item.tax),
    }));
    await Promise.all([
      tx.execute(sql`update invoices set status = 'parsed', format = ${parsed.format}, fields = ${jsonb(f)}, checks = ${jsonb(checks)}, signature = ${jsonb(signature)},
          error = null, style = ${f.style}, invoice_code = ${f.invoiceCode}, invoice_number = ${f.invoiceNumber},
          issue_date = ${f.issueDate}::date, seller_tax_id = ${f.seller.taxId}, buyer_tax_id = ${f.buyer.taxId},
          total_amount = ${fenOf(f.totalAmount)}::bigint, total_tax = ${fenOf(f.totalTax)}::bigint,
          total_with_tax = ${fenOf(f.totalWithTax)}::bigint, is_red = ${f.isRed}, original_invoice_number = ${f.originalInvoiceNumber},
          original_invoice_code = ${f.originalInvoiceCode}, parsed_at = ${timestamptz(new Date())}
        where id = ${row.id}`),
      // One statement text whatever the number of items, so it is prepared once.
      items.length > 0 &&
        tx.execute(sql`insert into invoice_items (invoice_id, line_no, name, spec, unit, quantity, unit_price, amount, tax_rate, tax)
          select ${row.id}, x.line_no, x.name, x.spec, x.unit, x.quantity, x.unit_price, x.amount, x.tax_rate, x.tax
          from json_to_recordset(${JSON.stringify(items)}::json) as x(line_no int, name text, spec text, unit text, quantity text,
            unit_price text, amount bigint, tax_rate text, tax bigint)`),
      // One signal per invoice (its key is kind, uploader, invoice), naming the earliest other holder.
      heldElsewhere &&
        tx
          .insert(fraudSignals)
          .values({
            id: newId('sig'),
            kind: 'duplicate_invoice',
            uscc: row.enterpriseUscc,
            invoiceId: row.id,
            details: { invoiceNumber: f.invoiceNumber, invoiceCode: f.invoiceCode, heldBy: heldElsewhere.enterpriseUscc, otherInvoiceId: heldElsewhere.invoiceId },
          })
          .onConflictDoNothing(),
      signature.status === 'invalid' &&
        tx
          .insert(fraudSignals)
          .values({
            id: newId('sig'),
            kind: 'invalid_signature',
            uscc: row.enterpriseUscc,
            invoiceId: row.id,
            details: { invoiceNumber: f.invoiceNumber, seller: f.seller.taxId, code: signature.code, kind: signature.kind, detail: signature.detail },
          })
          .onConflictDoNothing(),
      enqueueRematch(tx, [row.enterpriseUscc], `invoice-${row.id}`),
    ]);
    // A red invoice nets by itself (it needs no statement line), so a claim already paid on its blue
    // invoice is decided again now and any overpayment opens a clawback case in the same commit.
    const clawback = f.isRed ? await openClawbackForRedInvoice(tx, row.id, { actor: ctx.actor ?? 'system', requestId: ctx.requestId }) : null;
    const summary = {
      status: 'parsed',
      invoiceNumber: f.invoiceNumber,
      invoiceCode: f.invoiceCode,
      issueDate: f.issueDate,
      seller: f.seller.taxId,
      buyer: f.buyer.taxId,
      totalWithTax: f.totalWithTax,
      isRed: f.isRed,
      failedChecks: checks.filter((c) => c.outcome === 'fail').map((c) => c.code),
      signature: { status: signature.status, code: signature.code, anchor: signature.chain.anchor?.id ?? null },
      ...(clawback ? { clawback: { applicationId: clawback.applicationId, recoveryCaseId: clawback.recoveryCaseId, difference: clawback.difference } } : {}),
    };
    return { result: undefined, audit: { action: 'invoice.parsed', entityType: 'invoice', entityId: row.id, before: { status: row.status }, after: summary } };
  });
}

/** A file that cannot be read fails with its reason on the invoice. */
export async function recordParseFailure(ctx: ServiceContext, row: ReceivedInvoice, error: { code: string; message: string }): Promise<void> {
  await verb(ctx, async (tx) => {
    if (!(await stillAsFound(tx, row))) return { result: undefined, audit: null };
    await tx.update(invoices).set({ status: 'failed', error, parsedAt: new Date() }).where(eq(invoices.id, row.id));
    return { result: undefined, audit: { action: 'invoice.parse_failed', entityType: 'invoice', entityId: row.id, before: { status: row.status }, after: { status: 'failed', error } } };
  });
}
