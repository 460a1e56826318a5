import { and, eq } from 'drizzle-orm';
import { statementVersions, statements } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, sumFen } from '../../domain/money.js';
import type { Tx } from '../../db/client.js';
import { verb, type ServiceContext } from '../context.js';
import { afterStatementVersion } from './after-version.js';
import { statementSha256, statementSha256Yielding } from './body-hash.js';
import { applyCorrection, type CorrectionOutcome } from './corrections.js';
import { insertLines } from './insert-lines.js';
import { assertProvider } from './access.js';
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
 *
 * Only a body with as many lines and the same total as the current version can have the same content, so
 * only then is the hash needed before anything is written. Otherwise — a first version, or any change of
 * count or amounts — it is computed while the lines stream into the database, which on Postgres hides it
 * behind the server's work.
 */
export async function putStatement(ctx: ServiceContext, externalId: string, input: ValidatedStatement): Promise<PutStatementResult> {
  const provider = assertProvider(ctx);
  const total = sumFen(input.lines.map((l) => l.amount));
  return verb<PutStatementResult>(ctx, async (tx) => {
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
        return { result, audit: null };
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
    const correction = current ? await applyCorrection(tx, current.id, versionId, ctx.clock()) : null;
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
        after: versionSummary(externalId, provider.providerId, versionId, version, bodySha256, input, total, correction, customerUsccs.length),
      },
    };
  });
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
  providerId: string,
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
    providerId,
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
