import { asc, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { applicationInvoices, applicationTransitions, decisions, enterprises, installments } from '../../db/schema/index.js';
import { formatYuan } from '../../domain/money.js';
import type { Decision } from '../../rules/index.js';
import { allowedEvents, type AwardKind } from '../../workflow/index.js';
import type { DeclaredFacts } from './application-input.js';
import { stateOf, type ApplicationRow } from './move-application.js';

/** The summary every list shows. */
export function applicationSummary(row: ApplicationRow, name: string | null) {
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    uscc: row.uscc,
    applicantName: name,
    year: row.year,
    status: row.status,
    office: row.office,
    fundingSource: row.fundingSource,
    amount: formatYuan(row.amount),
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One application in full: its declared facts, every decision with its trace, installments, claimed invoices and history. */
export async function applicationView(db: Queryable, row: ApplicationRow) {
  const [enterprise, decisionRows, installmentRows, invoiceRows, history] = await Promise.all([
    db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.uscc, row.uscc)).limit(1),
    db.select().from(decisions).where(eq(decisions.applicationId, row.id)).orderBy(desc(decisions.createdAt), desc(decisions.id)),
    db.select().from(installments).where(eq(installments.applicationId, row.id)).orderBy(asc(installments.createdAt), asc(installments.on)),
    db.select().from(applicationInvoices).where(eq(applicationInvoices.applicationId, row.id)).orderBy(asc(applicationInvoices.invoiceId)),
    db.select().from(applicationTransitions).where(eq(applicationTransitions.applicationId, row.id)).orderBy(asc(applicationTransitions.revision)),
  ]);
  const facts = row.facts as DeclaredFacts;
  return {
    ...applicationSummary(row, enterprise[0]?.name ?? null),
    facts,
    extensionMonths: row.extensionMonths,
    next: allowedEvents(stateOf(row), row.type as AwardKind),
    decision: (decisionRows[0]?.decision ?? null) as Decision | null,
    decisions: decisionRows.map((d) => ({
      id: d.id,
      stage: d.stage,
      asOf: d.asOf,
      actor: d.actor,
      createdAt: d.createdAt.toISOString(),
      decision: d.decision as Decision,
    })),
    installments: installmentRows.map((i) => ({
      id: i.id,
      on: i.on,
      amount: formatYuan(i.amount),
      status: i.status,
      paidAt: i.paidAt?.toISOString() ?? null,
    })),
    invoices: invoiceRows.map((i) => ({ invoiceId: i.invoiceId, amount: formatYuan(i.amount) })),
    history: history.map((h) => ({
      event: h.event,
      from: h.fromStatus,
      to: h.toStatus,
      revision: h.revision,
      actor: h.actor,
      note: h.note,
      details: h.details,
      at: h.createdAt.toISOString(),
    })),
  };
}
