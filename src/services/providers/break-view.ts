import { z } from '@hono/zod-openapi';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Queryable } from '../../db/client.js';
import { formatYuan } from '../../domain/money.js';

/**
 * Reconciliation breaks as a provider may see them. A break's stored details were written for finance and
 * can name other parties (who else holds a copy of an invoice, another seller's tax id, the uploader); a
 * provider is shown only the fields about its own lines and the invoices it issued, with amounts in yuan,
 * and what to change to clear the break.
 */
const SHOWN: Record<string, readonly string[]> = {
  LINE_UNMATCHED: ['reasons', 'invoiceNumber', 'notFound', 'amount', 'issueDate'],
  AMOUNT_MISMATCH: ['invoiceTotal', 'lineTotal', 'difference', 'tolerance'],
  DATE_OUTSIDE_PERIOD: ['subject', 'date', 'periodStart', 'periodEnd'],
  SERVICE_NOT_INTELLIGENT: ['serviceType', 'eligibleServiceTypes'],
  SERVICE_TYPE_DISAGREES: ['lineServiceTypes', 'itemsSay', 'itemNames'],
  SELLER_NOT_PROVIDER: ['invoiceNumber'],
  BUYER_MISMATCH: ['invoiceNumber', 'customerUscc', 'buyerTaxId'],
  DUPLICATE_INVOICE: ['reason', 'invoiceNumber'],
  INVOICE_UNMATCHED: ['invoiceNumber', 'invoiceCode', 'totalWithTax', 'issueDate'],
};
const FEN_FIELDS = new Set(['amount', 'invoiceTotal', 'lineTotal', 'difference', 'tolerance', 'totalWithTax']);

/** What clears each break, from the provider's side. */
export const PROVIDER_FIXES: Record<string, string> = {
  LINE_UNMATCHED: 'No uploaded invoice carries the number this line names: check the invoice number (and code), or wait for the customer to upload the invoice.',
  AMOUNT_MISMATCH: "The line amounts differ from the invoice's total with tax: correct the amounts (tax rows fold into the line of their service), or issue a red invoice and push the credit.",
  DATE_OUTSIDE_PERIOD: "A date lies outside the statement's period: correct the period, the line's issue date, or the invoice it names.",
  SERVICE_NOT_INTELLIGENT: 'The line is not intelligent compute and does not count towards the subsidy: if the service ran on GPU/NPU/AI accelerators, correct its serviceType (FOCUS: x_ServiceType).',
  SERVICE_TYPE_DISAGREES: "The line's service type disagrees with the item names printed on the invoice: correct the serviceType or reissue the invoice with the right item names.",
  SELLER_NOT_PROVIDER: 'The invoice this line names was not issued by you: check the invoice number.',
  BUYER_MISMATCH: "The invoice's buyer is not the line's customer: check the customer USCC (FOCUS: x_CustomerUscc or the account mapping).",
  DUPLICATE_INVOICE: 'The invoice is already matched to another line or uploaded more than once: check for a line billed twice.',
  INVOICE_UNMATCHED: 'A customer uploaded an invoice you issued that no line of your statements confirms: add a line for it.',
};

/** The same, in Chinese, for the provider's console page. */
export const PROVIDER_FIXES_ZH: Record<string, string> = {
  LINE_UNMATCHED: '没有已上传的发票带有此账单行所写的发票号码：请核对发票号码（及发票代码），或等待客户上传该发票。',
  AMOUNT_MISMATCH: '账单行金额与发票价税合计不一致：请更正金额（税费行并入其服务所在的账单行），或开具红字发票并推送相应的冲减行。',
  DATE_OUTSIDE_PERIOD: '有日期不在账单期内：请更正账单期、账单行的开票日期或其所指的发票。',
  SERVICE_NOT_INTELLIGENT: '此账单行不属于智能算力，不计入补贴：如该服务运行在 GPU/NPU/AI 加速卡上，请更正服务类型（FOCUS 文件中为 x_ServiceType）。',
  SERVICE_TYPE_DISAGREES: '账单行的服务类型与发票上的货物或应税劳务名称不符：请更正服务类型，或按正确的品名重开发票。',
  SELLER_NOT_PROVIDER: '此账单行所指的发票不是由贵司开具的：请核对发票号码。',
  BUYER_MISMATCH: '发票购买方不是账单行的客户：请核对客户统一社会信用代码（FOCUS 文件中为 x_CustomerUscc 或账户映射）。',
  DUPLICATE_INVOICE: '该发票已与其他账单行匹配或被重复上传：请检查是否有重复计费的账单行。',
  INVOICE_UNMATCHED: '客户上传了贵司开具的发票，但贵司的账单中没有对应的账单行：请补充该账单行。',
};

export const ProviderBreak = z
  .object({
    id: z.string(),
    code: z.string(),
    statementId: z.string().nullable().openapi({ description: 'the provider’s statementId of the line, when the break names one' }),
    lineId: z.string().nullable(),
    customerUscc: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).openapi({ description: 'the numbers behind the break that concern the provider; amounts in yuan' }),
    fix: z.string(),
  })
  .openapi('ProviderBreak');
export type ProviderBreak = z.infer<typeof ProviderBreak>;

interface BreakRow {
  id: string;
  code: string;
  details: unknown;
  statement_id: string | null;
  line_id: string | null;
  customer_uscc: string | null;
}

export function providerBreak(r: BreakRow): ProviderBreak {
  const stored = (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>;
  const details: Record<string, unknown> = {};
  for (const k of SHOWN[r.code] ?? []) {
    if (!(k in stored)) continue;
    const v = stored[k];
    details[k] = FEN_FIELDS.has(k) && typeof v === 'number' ? formatYuan(v) : v;
  }
  return { id: r.id, code: r.code, statementId: r.statement_id, lineId: r.line_id, customerUscc: r.customer_uscc, details, fix: PROVIDER_FIXES[r.code] ?? 'See the break code.' };
}

/**
 * Open breaks a provider may see: those on a line of the current version of its statements, and those that
 * name only an invoice it issued. With `versionId`, those of that version's lines and of the invoices
 * matched to them.
 */
export async function openProviderBreaks(
  db: Queryable,
  provider: { providerId: string; uscc: string },
  opts: { versionId?: string; limit: number; after?: string },
): Promise<ProviderBreak[]> {
  const lines: SQL = opts.versionId
    ? sql`l.version_id = ${opts.versionId}`
    : sql`l.version_id in (select v.id from statement_versions v join statements s on s.id = v.statement_id and s.current_version = v.version where s.provider_id = ${provider.providerId})`;
  const after = opts.after ? sql`and x.id > ${opts.after}` : sql``;
  const rows = rowsOf<BreakRow>(
    await db.execute(sql`
      select * from (
        select b.id, b.code, b.details, s.external_id as statement_id, l.line_id, l.customer_uscc
        from recon_breaks b
        join statement_lines l on l.id = b.statement_line_id
        join statement_versions v on v.id = l.version_id
        join statements s on s.id = v.statement_id
        where b.resolved_at is null and ${lines}
        union all
        select b.id, b.code, b.details, null, null, i.buyer_tax_id
        from recon_breaks b
        join invoices i on i.id = b.invoice_id
        where b.resolved_at is null and b.statement_line_id is null and i.seller_tax_id = ${provider.uscc}
          ${opts.versionId ? sql`and b.invoice_id in (select m2.invoice_id from matches m1 join matches m2 on m2.group_id = m1.group_id
            join statement_lines l on l.id = m1.statement_line_id where ${lines} and m2.invoice_id is not null)` : sql``}
      ) x where true ${after}
      order by x.id limit ${opts.limit}`),
  );
  return rows.map(providerBreak);
}
