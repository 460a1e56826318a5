import { and, eq } from 'drizzle-orm';
import { statementVersions, statements } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, sumFen } from '../../domain/money.js';
import type { Tx } from '../../db/client.js';
import type { AuditInput } from '../../audit/record.js';
import { verb, type ServiceContext } from '../context.js';
import { afterStatementVersion } from './after-version.js';
import { statementSha256, statementSha256Yielding } from './body-hash.js';
import { applyCorrection, type CorrectionOutcome } from './corrections.js';
import { insertLines } from './insert-lines.js';
import { assertProvider } from './access.js';
import type { ProviderPrincipal } from '../scope.js';
import type { NormalizedLine, ValidatedStatement } from './statement-input.js';

export interface PutStatementResult {
  statementId: string;
  version: number;
  lines: number;
  total: string;
  /** `accepted`: stored as a new version. `unchanged`: the same content as the current version; nothing stored. */
  status: 'accepted' | 'unchanged';
}

// The version row must exist before its lines (foreign key); its hash, when computed alongside the
// insert, replaces this before the transaction ends.
const HASH_PENDING = 'pending';

/**
 * Stores a provider's statement as a new version, or does nothing when its content equals the current
 * version. One transaction: the version, its lines (bulk inserted), the correction of earlier matches, the
 * reconciliation trigger and the audit event either all commit or none do.
 */
export async function putStatement(ctx: ServiceContext, externalId: string, input: ValidatedStatement): Promise<PutStatementResult> {
  const provider = assertProvider(ctx);
  return verb<PutStatementResult>(ctx, async (tx) => {
    const stored = await storeVersion(tx, provider, externalId, input, ctx.clock());
    return { result: stored.result, audit: stored.audit };
  });
}

export interface StoredVersion {
  result: PutStatementResult;
  /** The version's audit event; null when the content was unchanged and nothing was stored. */
  audit: Omit<AuditInput, 'actor' | 'requestId'> | null;
  /** The current version after the call (the new one, or the unchanged one). */
  versionId: string;
  /** Enterprises whose matching the version changes (empty when unchanged). */
  customerUsccs: string[];
}

/**
 * The writes of a statement push inside the caller's transaction: everything putStatement commits, and what
 * a dry run (dry-run-statement.ts) stores the same way before it rolls back.
 *
 * Only a body with as many lines and the same total as the current version can have the same content, so
 * only then is the hash needed before anything is written. Otherwise — a first version, or any change of
 * count or amounts — it is computed while the lines stream into the database, which on Postgres hides it
 * behind the server's work.
 */
export async function storeVersion(tx: Tx, provider: ProviderPrincipal, externalId: string, input: ValidatedStatement, now: Date): Promise<StoredVersion> {
  const total = sumFen(input.lines.map((l) => l.amount));
  const statement = await lockStatement(tx, provider.providerId, externalId);
  const current = statement.currentVersion
    ? (await tx
        .select()
        .from(statementVersions)
        .where(and(eq(statementVersions.statementId, statement.id), eq(statementVersions.version, statement.currentVersion)))
        .limit(1))[0]
    : undefined;
  let bodySha256: string | null = null;
  if (current && current.lineCount === input.lines.length && current.total === total) {
    bodySha256 = statementSha256(input);
    if (current.bodySha256 === bodySha256) {
      const result = { statementId: externalId, version: current.version, lines: current.lineCount, total: formatYuan(current.total), status: 'unchanged' as const };
      return { result, audit: null, versionId: current.id, customerUsccs: [] };
    }
  }

  const version = statement.currentVersion + 1;
  const versionId = newId('stv');
  await tx.insert(statementVersions).values({
    id: versionId,
    statementId: statement.id,
    version,
    bodySha256: bodySha256 ?? HASH_PENDING,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    lineCount: input.lines.length,
    total,
  });
  if (bodySha256 === null) {
    const hashing = statementSha256Yielding(input);
    // Settled below; if the insert fails first, the hash's outcome no longer matters.
    hashing.catch(() => {});
    await insertLines(tx, versionId, input.lines);
    bodySha256 = await hashing;
    await tx.update(statementVersions).set({ bodySha256 }).where(eq(statementVersions.id, versionId));
  } else {
    await insertLines(tx, versionId, input.lines);
  }
  const correction = current ? await applyCorrection(tx, current.id, versionId, now) : null;
  await tx.update(statements).set({ currentVersion: version }).where(eq(statements.id, statement.id));
  const customerUsccs = correction ? correction.affectedUsccs : distinctCustomers(input.lines);
  await afterStatementVersion(tx, { statementId: statement.id, providerId: provider.providerId, versionId, customerUsccs });

  const result = { statementId: externalId, version, lines: input.lines.length, total: formatYuan(total), status: 'accepted' as const };
  return {
    result,
    audit: {
      action: 'statement.version_stored',
      entityType: 'statement',
      entityId: statement.id,
      after: versionSummary(externalId, provider, versionId, version, bodySha256, input, total, correction, customerUsccs.length),
    },
    versionId,
    customerUsccs,
  };
}

/** Creates the statement on first use and locks it, so concurrent versions of one statement take turns. */
async function lockStatement(tx: Tx, providerId: string, externalId: string) {
  await tx
    .insert(statements)
    .values({ id: newId('stm'), providerId, externalId, currentVersion: 0 })
    .onConflictDoNothing({ target: [statements.providerId, statements.externalId] });
  const [row] = await tx
    .select()
    .from(statements)
    .where(and(eq(statements.providerId, providerId), eq(statements.externalId, externalId)))
    .for('update');
  return row!;
}

function distinctCustomers(lines: NormalizedLine[]): string[] {
  return [...new Set(lines.map((l) => l.customerUscc))].sort();
}

/** Counts and totals for the audit trail; the lines themselves stay in statement_lines. */
function versionSummary(
  externalId: string,
  provider: ProviderPrincipal,
  versionId: string,
  version: number,
  bodySha256: string,
  input: ValidatedStatement,
  total: number,
  correction: CorrectionOutcome | null,
  affectedCustomers: number,
) {
  let credits = 0;
  let creditTotal = 0;
  let withoutInvoice = 0;
  for (const l of input.lines) {
    if (l.amount < 0) {
      credits++;
      creditTotal += l.amount;
    }
    if (l.invoiceNumber === null) withoutInvoice++;
  }
  const { affectedUsccs: _omitted, ...changes } = correction ?? { affectedUsccs: [] };
  return {
    statementId: externalId,
    providerId: provider.providerId,
    // The key that signed the push: a rotated-out key still in use shows up here.
    keyId: provider.keyId,
    versionId,
    version,
    source: input.source,
    bodySha256,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    lineCount: input.lines.length,
    total: formatYuan(total),
    creditLines: credits,
    creditTotal: formatYuan(creditTotal),
    linesWithoutInvoice: withoutInvoice,
    affectedCustomers,
    correction: correction ? changes : null,
  };
}
