import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_RECON_PARAMS } from '../../recon/index.js';
import type { ServiceType } from '../../recon/index.js';

/** Regex metacharacters of Postgres' advanced regular expressions, escaped so keywords match literally. */
const escapeAre = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Numbers the fast path must not assume are named once: named by two current lines, inside a line's list
 * of numbers, or as the original of a red invoice; and identities uploaded more than once.
 *
 * Duplicates are found in two steps so that neither hashes every row: numbers that occur twice at all are
 * read in the order of the number indexes (a grouping that only compares neighbours), and only those few
 * are then counted again among current lines or parsed invoices, through the same indexes. Lists and red
 * invoices are rare, so those two are read through partial indexes that hold only them (migration 0007).
 * A statement that was corrected makes every number of its earlier versions a candidate: the second step
 * then reads those by index, which costs time in proportion but never changes the answer.
 */
export const SETTLED_CONTEXT = sql`
  named_twice as (
    select l.invoice_number as number from statement_lines l
    join statement_versions v on v.id = l.version_id
    join statements s on s.id = v.statement_id and s.current_version = v.version
    where l.invoice_number = any (array(
      select invoice_number from statement_lines where invoice_number is not null group by invoice_number having count(*) > 1))
    group by l.invoice_number having count(*) > 1),
  named_elsewhere as (
    select number from named_twice
    union all select regexp_split_to_table(l.invoice_number, '[^0-9A-Za-z]+') from statement_lines l
      join statement_versions v on v.id = l.version_id
      join statements s on s.id = v.statement_id and s.current_version = v.version
      where l.invoice_number !~ '^[0-9A-Za-z]+$'
    union all select original_invoice_number from invoices where original_invoice_number is not null and status = 'parsed'),
  copies as (
    select invoice_number as number, coalesce(invoice_code, '') as code from invoices
    where status = 'parsed' and invoice_number = any (array(
      select invoice_number from invoices where invoice_number is not null group by invoice_number having count(*) > 1))
    group by 1, 2 having count(*) > 1)`;

/**
 * Every parsed invoice and every current statement line exactly once, side by side where the line's
 * `matched_invoice_id` names the invoice (the one pairing a plain stored match allows), with `settled` true
 * where the engine would settle the pair on its fast path with no break at all and the stored outcome
 * already says exactly that. Such a pair cannot change in a full run, and nothing else in the run depends
 * on it: no other line names its number, no red invoice reverses it, no copy of the invoice exists, no
 * decision holds either record, and a matched invoice is never a proposal candidate. A run therefore loads,
 * matches and rewrites only the rest.
 *
 * `matched_invoice_id` is kept by triggers on matches (migration 0007) equal to "the line's one live match
 * row and the invoice's one live row form one matched one-to-one group of two", so nothing here aggregates
 * matches. Every other condition is read from the records as they are now, so a direct change to an invoice,
 * a line, a statement, a break or an item sends the pair back to the engine. Each condition errs towards
 * leaving a pair to the engine (an unknown is not settled). The exclusions are uncorrelated `in (…)` lists,
 * which Postgres hashes once (lines naming a list of numbers among them, read through their partial index
 * instead of a pattern match per line), so one pass over each table with one hash join decides every pair.
 *
 * Amount tolerance and item keywords are the engine's defaults, which is what the run passes it; the item
 * names are matched afresh on every run, so a change of keywords needs nothing stored to be redone.
 */
export function pairedRecords(eligible: readonly ServiceType[]): SQL {
  const tolerance = DEFAULT_RECON_PARAMS.tolerance;
  const general = DEFAULT_RECON_PARAMS.serviceKeywords.general.filter((w) => w !== '').map(escapeAre).join('|');
  const generalItems = general === '' ? sql`false` : sql`i.id in (select invoice_id from invoice_items where name ~* ${general})`;
  // `offset 0` keeps the subquery whole, so `settled` is worked out once per row rather than once per use.
  return sql`
    select i.id as iid, i.enterprise_uscc, i.buyer_tax_id, i.seller_tax_id, i.invoice_number as i_number, i.invoice_code as i_code,
           i.issue_date as i_date, i.total_with_tax, i.is_red, i.original_invoice_number, i.original_invoice_code,
           l.id as lid, l."providerUscc", l."statementId", l.period_start, l.period_end, l.line_id, l.customer_uscc,
           l.invoice_number as l_number, l.invoice_code as l_code, l.issue_date as l_date, l.amount, l.service_type, coalesce(
        l.matched_invoice_id = i.id and i.invoice_number = l.invoice_number and i.seller_tax_id = l."providerUscc"
        and coalesce(i.invoice_code, '') = coalesce(l.invoice_code, '')
        and not l.id in (select id from statement_lines where invoice_number !~ '^[0-9A-Za-z]+$')
        and i.buyer_tax_id = l.customer_uscc and i.enterprise_uscc = l.customer_uscc
        and not coalesce(i.is_red, false) and l.amount >= 0 and abs(i.total_with_tax - l.amount) <= ${tolerance}
        and l.issue_date between l.period_start and l.period_end and i.issue_date between l.period_start and l.period_end
        and l.service_type in (select value from json_array_elements_text(${JSON.stringify(eligible)}::json))
        and i.match_status = 'matched' and i.verified and i.verified_service_type = l.service_type
        and not i.id in (select invoice_id from recon_breaks where resolved_at is null and invoice_id is not null)
        and not l.id in (select statement_line_id from recon_breaks where resolved_at is null and statement_line_id is not null)
        and not l.invoice_number in (select number from named_elsewhere where number is not null)
        and not (i.invoice_number, coalesce(i.invoice_code, '')) in (select number, code from copies)
        and not ${generalItems},
      false) as settled
    from (select * from invoices where status = 'parsed') i
    full join (
      select l.*, p.uscc as "providerUscc", s.id as "statementId", v.period_start, v.period_end
      from statement_lines l
      join statement_versions v on v.id = l.version_id
      join statements s on s.id = v.statement_id and s.current_version = v.version
      join providers p on p.id = s.provider_id) l on l.matched_invoice_id = i.id
    offset 0`;
}
