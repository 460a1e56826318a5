import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { PostgresJsSql } from '../../db/client.js';
import { COPY_COLUMNS, copyChunk } from './copy-text.js';
import type { NormalizedLine } from './statement-input.js';

/** Rows per COPY message: a few hundred kB, so serializing one never holds the event loop for long. */
export const COPY_CHUNK = 2_000;

/**
 * Inserts the lines with `COPY statement_lines FROM STDIN` on the transaction's own postgres-js client,
 * in row order (the line ids follow the body). Each chunk is serialized only when the previous one has
 * been handed to the socket, so the server inserts while this process serializes the next chunk, and
 * whatever else is waiting on the event loop (the body hash, see putStatement) runs in between.
 */
export async function copyLines(client: PostgresJsSql, versionId: string, lines: readonly NormalizedLine[]): Promise<void> {
  const query = client.unsafe(`copy statement_lines (${COPY_COLUMNS}) from stdin`);
  const failed = failureOf(query as unknown as { reject?: unknown });
  const stream = await Promise.race([query.writable(), failed]);
  // A failure before the end destroys the stream; one after it (a constraint violated by the last rows)
  // only reaches `failed`. Either way the wait below ends with the server's error.
  const done = Promise.race([finished(stream), failed]);
  done.catch(() => {});
  try {
    for (let start = 0; start < lines.length; start += COPY_CHUNK) {
      if (stream.destroyed) break;
      const fits = stream.write(copyChunk(versionId, lines, start, Math.min(lines.length, start + COPY_CHUNK)));
      if (!fits) await Promise.race([once(stream, 'drain'), done]);
    }
  } catch (err) {
    // An open COPY holds the connection: anything queued behind it, the ROLLBACK included, would wait
    // for ever. Destroying the stream sends CopyFail, which ends it.
    stream.destroy(err as Error);
    throw err;
  }
  if (!stream.destroyed) stream.end();
  await done;
}

/**
 * postgres-js reports an error that arrives after the COPY stream has ended (a unique or foreign-key
 * violation found in the last rows) only by rejecting the query, whose promise already resolved to the
 * stream; the stream itself then never finishes. Its `reject` is a plain property, so it is wrapped here
 * to pass the error on. Without this, such a failure would leave the transaction waiting for ever.
 */
function failureOf(query: { reject?: unknown }): Promise<never> {
  return new Promise<never>((_, fail) => {
    const reject = query.reject;
    if (typeof reject !== 'function') throw new Error('postgres-js query has no reject(); the COPY error hook no longer fits this driver version');
    query.reject = (err: unknown) => {
      fail(err);
      return reject.call(query, err);
    };
  });
}

function finished(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('finish', resolve);
    stream.on('error', reject);
  });
}
