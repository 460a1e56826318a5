import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { providerAccounts } from '../../db/schema/index.js';
import { invalid, ServiceError } from '../errors.js';
import { CsvStream, CsvSyntaxError } from './csv.js';
import { csvMalformed } from './csv-statement.js';
import { FocusFold } from './focus-fold.js';
import type { ValidatedStatement } from './statement-input.js';
import { validateStatement } from './validate-statement.js';

/** Bytes per decode step: the text of one step is never a string of the whole body (V8 caps those at 512 MB). */
const PIECE = 1 << 20;

/** The request's signature, fed the body as it is read (verify-provider-signature.ts, beginProviderSignature). */
export interface SignatureTap {
  providerId: string;
  update(part: Uint8Array): void;
  finish(): Promise<unknown>;
}

/**
 * A FOCUS 1.2/1.3 cost and usage export (CSV) as a statement, read as it streams in: each piece of the body
 * is fed to the signature and to the CSV reader, whose rows are folded into lines at once, so neither the
 * body nor its rows are ever held (focus-fold.ts). The signature is judged when the body has ended and
 * before anything about the body is answered: a bad MAC is 401 whatever the rows hold; then a file with any
 * bad row is 422 naming the rows; only a clean file becomes a statement.
 */
export async function focusStatement(
  db: Db,
  body: AsyncIterable<Uint8Array>,
  signature: SignatureTap,
  period: { periodStart?: string; periodEnd?: string },
): Promise<ValidatedStatement> {
  const fold = new FocusFold(await accountMap(db, signature.providerId));
  const csv = new CsvStream((record) => fold.record(record));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // After the first unreadable piece the rest is only fed to the signature, which must still be judged first.
  let failure: unknown = null;
  const read = (step: () => void) => {
    if (failure !== null) return;
    try {
      step();
    } catch (err) {
      failure = err;
    }
  };
  for await (const chunk of body) {
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, at + PIECE);
      signature.update(piece);
      read(() => csv.push(decoder.decode(piece, { stream: true })));
    }
  }
  read(() => {
    csv.push(decoder.decode());
    csv.end();
  });
  await signature.finish();
  if (failure !== null) throw unreadable(failure);
  return validateStatement(fold.statement(period));
}

/** The provider's billing accounts (BillingAccountId or SubAccountId) → customer USCC. */
async function accountMap(db: Db, providerId: string): Promise<Map<string, string>> {
  const rows = await db.select({ accountId: providerAccounts.accountId, uscc: providerAccounts.uscc }).from(providerAccounts).where(eq(providerAccounts.providerId, providerId));
  return new Map(rows.map((r) => [r.accountId, r.uscc]));
}

function unreadable(err: unknown): unknown {
  if (err instanceof ServiceError) return err;
  if (err instanceof CsvSyntaxError) return csvMalformed(err);
  if (err instanceof TypeError && (err as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
    return invalid('CSV_MALFORMED', 'the body is not UTF-8 text', [{ path: '(body)', message: 'not valid UTF-8' }]);
  }
  return err;
}
