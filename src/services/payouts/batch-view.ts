import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applications, enterprises, installments, payoutBatches, payoutItems } from '../../db/schema/index.js';
import { formatYuan, sumFen } from '../../domain/money.js';
import { notFound } from '../errors.js';
import type { BatchRound } from './plan-batch.js';

export type BatchRow = typeof payoutBatches.$inferSelect;

export async function loadBatch(db: Queryable, id: string): Promise<BatchRow> {
  const [row] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, id)).limit(1);
  if (!row) throw notFound('payout batch');
  return row;
}

/** A batch's lines with who is paid, for what and how much, in a stable order (applicant, application, installment). */
export async function batchLines(db: Queryable, batchId: string) {
  const rows = await db
    .select({ item: payoutItems, inst: installments, app: applications, name: enterprises.name })
    .from(payoutItems)
    .innerJoin(installments, eq(installments.id, payoutItems.installmentId))
    .innerJoin(applications, eq(applications.id, installments.applicationId))
    .leftJoin(enterprises, eq(enterprises.uscc, applications.uscc))
    .where(eq(payoutItems.batchId, batchId))
    .orderBy(asc(applications.uscc), asc(applications.id), asc(installments.on));
  return rows.map((r) => ({
    installmentId: r.inst.id,
    applicationId: r.app.id,
    applicationNumber: r.app.number,
    uscc: r.app.uscc,
    applicantName: r.name,
    type: r.app.type,
    year: r.app.year,
    on: r.inst.on,
    computedFen: r.item.computed,
    amountFen: r.item.amount,
    installmentStatus: r.inst.status,
  }));
}
export type BatchLine = Awaited<ReturnType<typeof batchLines>>[number];

export async function batchView(db: Queryable, batch: BatchRow) {
  const lines = await batchLines(db, batch.id);
  return {
    id: batch.id,
    number: batch.number,
    fundingSource: batch.fundingSource,
    year: batch.year,
    status: batch.status,
    total: formatYuan(batch.total),
    computedTotal: formatYuan(sumFen(lines.map((l) => l.computedFen))),
    items: lines.map(({ computedFen, amountFen, ...l }) => ({ ...l, computed: formatYuan(computedFen), amount: formatYuan(amountFen) })),
    scaling: (batch.scaling ?? []) as BatchRound[],
    preparedBy: batch.preparedBy,
    approvedBy: batch.approvedBy,
    approvedAt: batch.approvedAt?.toISOString() ?? null,
    paidBy: batch.paidBy,
    paidAt: batch.paidAt?.toISOString() ?? null,
    discardedBy: batch.discardedBy,
    discardedAt: batch.discardedAt?.toISOString() ?? null,
    createdAt: batch.createdAt.toISOString(),
  };
}
