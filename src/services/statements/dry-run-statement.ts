import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.js';
import { IsoDate, Yuan } from '../../domain/schemas.js';
import { formatYuan } from '../../domain/money.js';
import type { ServiceContext } from '../context.js';
import { openProviderBreaks, ProviderBreak } from '../providers/break-view.js';
import { runReconciliation } from '../recon/run-reconciliation.js';
import type { ProviderPrincipal } from '../scope.js';
import { assertProvider } from './access.js';
import { linePage, lineSummary } from './get-statement.js';
import { storeVersion } from './put-statement.js';
import type { ValidatedStatement } from './statement-input.js';
import { StatementLineView } from './statement-views.js';

export const DryRunQuery = z.strictObject({
  periodStart: z.string().optional().openapi({ description: 'CSV and FOCUS bodies: the statement period start (YYYY-MM-DD), as for PUT' }),
  periodEnd: z.string().optional().openapi({ description: 'CSV and FOCUS bodies: the statement period end (YYYY-MM-DD), as for PUT' }),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000).openapi({ description: 'lines shown (all are checked)' }),
});
export type DryRunQuery = z.infer<typeof DryRunQuery>;

const MatchedInvoice = z.object({ invoiceNumber: z.string().nullable(), invoiceCode: z.string().nullable(), issueDate: IsoDate.nullable(), totalWithTax: Yuan.nullable() });

export const DryRunView = z
  .object({
    statementId: z.string(),
    outcome: z.enum(['accepted', 'unchanged']).openapi({ description: 'what PUT with this body would answer now: a new version, or a no-op' }),
    version: z.number().int().openapi({ description: 'the version PUT would store (or the current one when unchanged)' }),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    lineCount: z.number().int(),
    total: Yuan,
    summary: z.object({ matched: z.number().int(), proposed: z.number().int(), unmatched: z.number().int() }),
    lines: z.array(StatementLineView.extend({ invoices: z.array(MatchedInvoice).openapi({ description: 'the invoices the line would be matched (or proposed) with' }) })),
    linesShown: z.number().int(),
    breaks: z.array(ProviderBreak).openapi({ description: 'the open breaks the version would have, on its lines and the invoices they name (at most 1,000)' }),
  })
  .openapi('StatementDryRun');
export type DryRunView = z.infer<typeof DryRunView>;

/** Carries the view out of the transaction, which it rolls back on its way. */
class RolledBack extends Error {
  constructor(readonly view: DryRunView) {
    super('dry run rolled back');
  }
}

/**
 * What PUT /v1/statements/{id} would do with this body, now: the lines it would store, the invoices they
 * would match and the breaks the version would have. It runs the very writes of a push (storeVersion) and
 * the matching run the push triggers, inside one transaction that is always rolled back — so it agrees with
 * a real push line for line and leaves nothing behind: no version, no match, no break, no outbox job, no
 * audit event, and the request's signature unspent.
 */
export async function dryRunStatement(ctx: ServiceContext, externalId: string, input: ValidatedStatement, q: Pick<DryRunQuery, 'limit'>): Promise<DryRunView> {
  const provider = assertProvider(ctx);
  try {
    await ctx.db.transaction(async (tx) => {
      const stored = await storeVersion(tx, provider, externalId, input, ctx.clock());
      if (stored.customerUsccs.length > 0) await runReconciliation(tx, stored.customerUsccs, ctx.clock(), 'dry-run');
      throw new RolledBack(await outcome(tx, provider, stored.versionId, stored.result, input, q.limit));
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.view;
    throw err;
  }
  throw new Error('a dry run must end by rolling back');
}

async function outcome(
  tx: Tx,
  provider: ProviderPrincipal,
  versionId: string,
  result: { statementId: string; version: number; lines: number; total: string; status: 'accepted' | 'unchanged' },
  input: ValidatedStatement,
  limit: number,
): Promise<DryRunView> {
  const page = await linePage(tx, versionId, limit);
  const invoices = await matchedInvoices(tx, provider, page.lines.map((l) => l.rowId));
  return {
    statementId: result.statementId,
    outcome: result.status,
    version: result.version,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    lineCount: result.lines,
    total: result.total,
    summary: await lineSummary(tx, versionId),
    lines: page.lines.map((l) => ({ ...l.view, invoices: invoices.get(l.rowId) ?? [] })),
    linesShown: page.lines.length,
    breaks: await openProviderBreaks(tx, provider, { versionId, limit: 1000 }),
  };
}

/** Per line row: the invoices in its live match group, of those the provider issued. */
async function matchedInvoices(tx: Tx, provider: ProviderPrincipal, rowIds: number[]) {
  const out = new Map<number, z.infer<typeof MatchedInvoice>[]>();
  if (rowIds.length === 0) return out;
  const rows = rowsOf<{ line: number | string; number: string | null; code: string | null; date: string | null; total: number | string | null }>(
    await tx.execute(sql`
      select ml.statement_line_id as line, i.invoice_number as number, i.invoice_code as code, i.issue_date::text as date, i.total_with_tax as total
      from matches ml
      join matches mi on mi.group_id = ml.group_id and mi.invoice_id is not null and mi.undone_at is null and mi.status not in ('rejected', 'undone')
      join invoices i on i.id = mi.invoice_id and i.seller_tax_id = ${provider.uscc}
      where ml.statement_line_id in (select value::bigint from json_array_elements_text(${JSON.stringify(rowIds)}::json))
        and ml.undone_at is null and ml.status not in ('rejected', 'undone')
      order by ml.statement_line_id, i.invoice_number`),
  );
  for (const r of rows) {
    const list = out.get(Number(r.line)) ?? [];
    list.push({ invoiceNumber: r.number, invoiceCode: r.code, issueDate: r.date, totalWithTax: r.total === null ? null : formatYuan(Number(r.total)) });
    out.set(Number(r.line), list);
  }
  return out;
}
