import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.js';
import { timestamptz } from '../../db/sql-values.js';

export interface CorrectionOutcome {
  added: number;
  changed: number;
  dropped: number;
  unchanged: number;
  /** Live matches set undone because a line they relied on was dropped or changed. */
  matchesUndone: number;
  /** Matches of unchanged lines moved onto the same line in the new version. */
  matchesCarried: number;
  /** Customers with an added, changed or dropped line, or with a match that was undone. */
  affectedUsccs: string[];
}

// Every stored field counts: any difference makes the line "changed" and releases what it matched.
const SAME_CONTENT = sql.raw(`(o.customer_uscc, o.invoice_number, o.invoice_code, o.issue_date, o.amount, o.service_type,
  o.description, o.quantity, o.unit) is not distinct from (n.customer_uscc, n.invoice_number, n.invoice_code, n.issue_date,
  n.amount, n.service_type, n.description, n.quantity, n.unit)`);

/**
 * Applies a new version to the matches of the previous one, in the version's transaction, pairing lines by
 * lineId. A dropped or changed line unmatches: every live match in the same match group (one decision,
 * possibly spanning several lines or invoices) gets `undone_at`, since the amounts it was based on no
 * longer hold; reconciliation then matches the new lines afresh. Matches of unchanged lines — including
 * finance's confirmations, manual matches and rejections — move to the new line so they are not lost.
 */
export async function applyCorrection(tx: Tx, previousVersionId: string, newVersionId: string, at: Date): Promise<CorrectionOutcome> {
  const result = await tx.execute(sql`
    with pairs as materialized (
      select o.id as old_id, n.id as new_id, o.customer_uscc as old_uscc, n.customer_uscc as new_uscc,
             (n.id is not null and ${SAME_CONTENT}) as same
      from statement_lines o
      left join statement_lines n on n.version_id = ${newVersionId} and n.line_id = o.line_id
      where o.version_id = ${previousVersionId}
    ),
    added as materialized (
      select n.customer_uscc from statement_lines n
      where n.version_id = ${newVersionId}
        and not exists (select 1 from statement_lines o where o.version_id = ${previousVersionId} and o.line_id = n.line_id)
    ),
    hit_groups as materialized (
      select distinct m.group_id from matches m join pairs p on m.statement_line_id = p.old_id
      where not p.same and m.undone_at is null and m.status not in ('rejected', 'undone')
    ),
    undone as (
      update matches m set undone_at = ${timestamptz(at)}
      where m.group_id in (select group_id from hit_groups) and m.undone_at is null and m.status not in ('rejected', 'undone')
      returning m.statement_line_id
    ),
    carried as (
      update matches m set statement_line_id = p.new_id
      from pairs p
      where m.statement_line_id = p.old_id and p.same and m.undone_at is null
        and m.group_id not in (select group_id from hit_groups)
      returning m.id
    )
    select
      (select count(*) from added)::int as added,
      (select count(*) from pairs where new_id is not null and not same)::int as changed,
      (select count(*) from pairs where new_id is null)::int as dropped,
      (select count(*) from pairs where same)::int as unchanged,
      (select count(*) from undone)::int as matches_undone,
      (select count(*) from carried)::int as matches_carried,
      array(
        select u from (
          select customer_uscc as u from added
          union select old_uscc from pairs where not same
          union select new_uscc from pairs where new_id is not null and not same
          union select l.customer_uscc from undone d join statement_lines l on l.id = d.statement_line_id
        ) a where u is not null
      ) as affected`);
  const row = rowsOf<{
    added: number;
    changed: number;
    dropped: number;
    unchanged: number;
    matches_undone: number;
    matches_carried: number;
    affected: string[] | string;
  }>(result)[0]!;
  return {
    added: Number(row.added),
    changed: Number(row.changed),
    dropped: Number(row.dropped),
    unchanged: Number(row.unchanged),
    matchesUndone: Number(row.matches_undone),
    matchesCarried: Number(row.matches_carried),
    affectedUsccs: [...new Set(pgArray(row.affected))].sort(),
  };
}

/** Drivers return text[] as a JS array; a driver that leaves it as a literal gets it parsed here (USCCs need no quoting). */
function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((s) => s.replace(/^"|"$/g, ''));
}
