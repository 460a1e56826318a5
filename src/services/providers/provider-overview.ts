import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.js';
import { formatYuan } from '../../domain/money.js';
import type { ServiceContext } from '../context.js';
import { lineSummary } from '../statements/get-statement.js';
import { ME, providerInScope, type ProviderRef } from './access.js';
import { openProviderBreaks, type ProviderBreak } from './break-view.js';

/** Statements shown on the overview, newest first; older ones stay readable through the API. */
const STATEMENTS_SHOWN = 50;
const BREAKS_SHOWN = 200;

export interface OverviewVersion {
  version: number;
  createdAt: string;
  periodStart: string;
  periodEnd: string;
  lineCount: number;
  total: string;
}

export interface OverviewStatement {
  statementId: string;
  currentVersion: number;
  versions: OverviewVersion[];
  summary: { matched: number; proposed: number; unmatched: number };
  /** Matched lines of the current version in tenths of a percent (integer arithmetic), null for an empty version. */
  matchPermille: number | null;
}

export interface ProviderOverview {
  provider: ProviderRef;
  statements: OverviewStatement[];
  breaks: ProviderBreak[];
  /** Customers its lines and breaks name, by USCC: the provider bills them, so their names are no secret to it. */
  customers: Record<string, string>;
}

interface VersionRow {
  statement_id: string;
  external_id: string;
  current_version: number;
  version_id: string;
  version: number;
  created_at: string | Date;
  period_start: string;
  period_end: string;
  line_count: number;
  total: number | string;
}

/**
 * What a provider sees of itself in the console: its statements with every version, the match rate of each
 * current version, and its open breaks with what to fix. The provider is the signed-in provider user's own
 * (another provider's id is 404, as in providerInScope); nothing of other providers or of the enterprises'
 * other purchases is read — breaks come from openProviderBreaks, which shows only the provider's own lines
 * and the invoices it issued.
 */
export async function providerOverview(ctx: ServiceContext, providerId: string = ME): Promise<ProviderOverview> {
  const provider = await providerInScope(ctx, providerId, ['provider', 'admin']);
  const rows = rowsOf<VersionRow>(
    await ctx.db.execute(sql`
      select s.id as statement_id, s.external_id, s.current_version, v.id as version_id, v.version, v.created_at,
             v.period_start::text as period_start, v.period_end::text as period_end, v.line_count, v.total
      from (select * from statements where provider_id = ${provider.providerId} order by created_at desc, id limit ${STATEMENTS_SHOWN}) s
      join statement_versions v on v.statement_id = s.id
      order by s.created_at desc, s.id, v.version desc`),
  );
  const byStatement = new Map<string, { row: VersionRow; versions: OverviewVersion[]; currentId: string | null }>();
  for (const r of rows) {
    let s = byStatement.get(r.statement_id);
    if (!s) byStatement.set(r.statement_id, (s = { row: r, versions: [], currentId: null }));
    if (Number(r.version) === Number(r.current_version)) s.currentId = r.version_id;
    s.versions.push({
      version: Number(r.version),
      createdAt: new Date(r.created_at).toISOString(),
      periodStart: r.period_start,
      periodEnd: r.period_end,
      lineCount: Number(r.line_count),
      total: formatYuan(Number(r.total)),
    });
  }
  const statements: OverviewStatement[] = [];
  for (const s of byStatement.values()) {
    const summary = s.currentId ? await lineSummary(ctx.db, s.currentId) : { matched: 0, proposed: 0, unmatched: 0 };
    const lines = summary.matched + summary.proposed + summary.unmatched;
    statements.push({
      statementId: s.row.external_id,
      currentVersion: Number(s.row.current_version),
      versions: s.versions,
      summary,
      matchPermille: lines === 0 ? null : Math.floor((summary.matched * 1000) / lines),
    });
  }
  const breaks = await openProviderBreaks(ctx.db, provider, { limit: BREAKS_SHOWN });
  return { provider, statements, breaks, customers: await customerNames(ctx, breaks) };
}

async function customerNames(ctx: ServiceContext, breaks: ProviderBreak[]): Promise<Record<string, string>> {
  const usccs = [...new Set(breaks.map((b) => b.customerUscc).filter((u): u is string => u !== null))];
  if (usccs.length === 0) return {};
  const rows = rowsOf<{ uscc: string; name: string }>(
    await ctx.db.execute(sql`select uscc, name from enterprises where uscc in (select value from json_array_elements_text(${JSON.stringify(usccs)}::json))`),
  );
  return Object.fromEntries(rows.map((r) => [r.uscc, r.name]));
}
