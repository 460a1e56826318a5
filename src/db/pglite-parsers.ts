import type { PGlite, QueryOptions as PgliteQueryOptions } from '@electric-sql/pglite';

/**
 * drizzle's PGlite session sends, with every query, parsers that leave dates, times, intervals and their
 * arrays (and numeric[]) as the text PostgreSQL answers with. PGlite merges per-query parsers into a copy of
 * its whole parser table (one entry per type it knows, over three hundred, keyed by type id) for every
 * statement, which cost as much as running a simple indexed select. `readAsText` sets the same parsers on the
 * client once and the session (pglite-prepared.ts) drops them from each query: every result is read exactly as before.
 */

/** Type ids drizzle's PGlite session reads as text: timestamp, timestamptz, interval, date, numeric[], timestamp[], timestamptz[], interval[], date[]. */
export const AS_TEXT_TYPE_IDS: readonly number[] = [1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182];

const asText = (value: string): string => value;
const AS_TEXT_PARSERS: Record<number, (value: string) => string> = Object.fromEntries(AS_TEXT_TYPE_IDS.map((id) => [id, asText]));

export type QueryOptions = PgliteQueryOptions & { parsers?: Record<number, unknown> };

/** The options without their parsers when those only repeat what AS_TEXT_PARSERS already set; otherwise unchanged. */
export function withoutAsTextParsers<O extends QueryOptions | undefined>(options: O): O {
  if (!options?.parsers) return options;
  const ids = Object.keys(options.parsers).map(Number);
  if (!ids.every((id) => AS_TEXT_TYPE_IDS.includes(id))) return options;
  const { parsers: _repeated, ...rest } = options;
  return rest as O;
}

/** Has `client` read the as-text types as text. Set after start-up: PGlite builds the parser of every array type while it starts, over what it was created with. */
export function readAsText(client: Pick<PGlite, 'parsers'>): void {
  Object.assign(client.parsers, AS_TEXT_PARSERS);
}
