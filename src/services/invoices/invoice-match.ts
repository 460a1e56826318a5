import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { matches, reconBreaks, statementLines } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { InvoiceRow } from './invoice-view.js';

/** The invoice's reconciliation state: its status, the statement lines its match holds, and open breaks. */
export async function invoiceMatch(db: Queryable, row: InvoiceRow) {
  const groups = await db
    .select({ groupId: matches.groupId, status: matches.status })
    .from(matches)
    .where(and(eq(matches.invoiceId, row.id), isNull(matches.undoneAt)));
  const groupIds = groups.filter((g) => g.status !== 'rejected').map((g) => g.groupId);
  const lines = groupIds.length
    ? await db
        .select({ id: statementLines.id, lineId: statementLines.lineId, amount: statementLines.amount, serviceType: statementLines.serviceType, issueDate: statementLines.issueDate, status: matches.status, matchId: matches.groupId })
        .from(matches)
        .innerJoin(statementLines, eq(statementLines.id, matches.statementLineId))
        .where(and(inArray(matches.groupId, groupIds), isNull(matches.undoneAt)))
        .orderBy(asc(statementLines.id))
    : [];
  // Breaks on the invoice itself and on the lines its match holds (e.g. a line's service type).
  const lineIds = lines.map((l) => l.id);
  const breaks = await db
    .select({ code: reconBreaks.code, details: reconBreaks.details, statementLineId: reconBreaks.statementLineId })
    .from(reconBreaks)
    .where(and(isNull(reconBreaks.resolvedAt), lineIds.length ? or(eq(reconBreaks.invoiceId, row.id), inArray(reconBreaks.statementLineId, lineIds)) : eq(reconBreaks.invoiceId, row.id)))
    .orderBy(asc(reconBreaks.code));
  return {
    status: row.matchStatus as 'matched' | 'unmatched' | 'mismatch',
    verified: row.verified,
    statementLines: lines.map((l) => ({ ...l, amount: formatYuan(l.amount) })),
    breaks,
  };
}
