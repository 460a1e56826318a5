import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

export const LINE_MATCH_STATUSES = ['matched', 'proposed', 'unmatched'] as const;
export type LineMatchStatus = (typeof LINE_MATCH_STATUSES)[number];

/**
 * A line's match status from its live matches (not undone, not rejected): an exact, confirmed or manual
 * match counts as matched; a scored proposal waiting for finance is proposed; anything else is unmatched.
 */
export function lineMatchStatus(lineId: SQLWrapper): SQL<LineMatchStatus> {
  return sql<LineMatchStatus>`coalesce((
    select case when bool_or(m.status in ('matched', 'confirmed', 'manual')) then 'matched'
                when bool_or(m.status = 'proposed') then 'proposed' end
    from matches m
    where m.statement_line_id = ${lineId} and m.undone_at is null and m.status not in ('rejected', 'undone')
  ), 'unmatched')`;
}
