import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_RECON_PARAMS } from '../../recon/index.js';
import type { ServiceType } from '../../recon/index.js';

/** Regex metacharacters of Postgres' advanced regular expressions, escaped so keywords match literally. */
const escapeAre = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const GENERAL = DEFAULT_RECON_PARAMS.serviceKeywords.general.filter((w) => w !== '').map(escapeAre).join('|');
const GENERAL_ITEMS = GENERAL === '' ? sql`` : sql`
    union all select invoice_id from invoice_items where name ~* ${GENERAL}`;

/**
 * The records the fast path must leave to the engine whatever their pair looks like, as two sets of ids
 * (`held_lines`, `held_invoices`), so that each pair is tested against them with two hash probes.
 *
 * A line is held when its number is named elsewhere: by another current line, inside a line's list of
 * numbers, or as the original of a red invoice; when it is itself such a list; or when it has an open
 * break. An invoice is held when another parsed invoice has its number and code, when it has an open break,
 * or when one of its items reads as general compute (the engine's default keywords, matched afresh on
 * every run, so a change of keywords needs nothing stored to be redone).
 *
 * Duplicates are found in two steps so that neither hashes every row: numbers that occur twice at all are
 * read in the order of the number indexes (a grouping that only compares neighbours; the `order by` makes
 * that plan the cheapest, where the planner would otherwise hash every line's number), and only those few
 * are then counted again among current lines or parsed invoices, through the same indexes. The lines that
 * name a held number are read through that index too. Lists and red invoices are rare, so those two are read
 * through partial indexes that hold only them (migration 0007). A statement that was corrected makes every
 * number of its earlier versions a candidate: the second step then reads those by index, which costs time in
 * proportion but never changes the answer.
 */
export const SETTLED_CONTEXT = sql`
  named_twice as (
    select l.invoice_number as number from statement_lines l
    join statement_versions v on v.id = l.version_id
    join statements s on s.id = v.statement_id and s.current_version = v.version
    where l.invoice_number = any (array(
      select invoice_number from statement_lines where invoice_number is not null
      group by invoice_number having count(*) > 1 order by invoice_number))
    group by l.invoice_number having count(*) > 1),
  named_elsewhere as (
    select number from named_twice
    union all select regexp_split_to_table(l.invoice_number, '[^0-9A-Za-z]+') from statement_lines l
      join statement_versions v on v.id = l.version_id
      join statements s on s.id = v.statement_id and s.current_version = v.version
      where l.invoice_number !~ '^[0-9A-Za-z]+$'
    union all select original_invoice_number from invoices where original_invoice_number is not null and status = 'parsed'),
  held_lines as (
    select id from statement_lines where invoice_number !~ '^[0-9A-Za-z]+$'
    union all select statement_line_id from recon_breaks where resolved_at is null and statement_line_id is not null
    union all select id from statement_lines
      where invoice_number = any (array(select number from named_elsewhere where number is not null))),
  held_invoices as (
    select invoice_id as id from recon_breaks where resolved_at is null and invoice_id is not null
    union all select id from (
      select id, count(*) over (partition by invoice_number, coalesce(invoice_code, '')) as copies from invoices
      where status = 'parsed' and invoice_number = any (array(
        select invoice_number from invoices where invoice_number is not null
        group by invoice_number having count(*) > 1 order by invoice_number))) c
    where copies > 1${GENERAL_ITEMS})`;

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
 * leaving a pair to the engine (an unknown is not settled). The two held sets (`SETTLED_CONTEXT`) are
 * uncorrelated `in (…)` lists, which Postgres hashes once, so one pass over each table with one hash join
 * decides every pair. Eligible service types are made an array once, compared in place rather than through a
 * hashed subquery per pair.
 *
 * Amount tolerance is the engine's default, which is what the run passes it.
 */
export function pairedRecords(eligible: readonly ServiceType[]): SQL {
  const tolerance = DEFAULT_RECON_PARAMS.tolerance;
  // `offset 0` keeps the subquery whole, so `settled` is worked out once per row rather than once per use.
  return sql`
    select i.id as iid, i.enterprise_uscc, i.buyer_tax_id, i.seller_tax_id, i.invoice_number as i_number, i.invoice_code as i_code,
           i.issue_date as i_date, i.total_with_tax, i.is_red, i.original_invoice_number, i.original_invoice_code,
           l.id as lid, l."providerUscc", l."statementId", l.period_start, l.period_end, l.line_id, l.customer_uscc,
           l.invoice_number as l_number, l.invoice_code as l_code, l.issue_date as l_date, l.amount, l.service_type, coalesce(
        l.matched_invoice_id = i.id and i.invoice_number = l.invoice_number and i.seller_tax_id = l."providerUscc"
        and coalesce(i.invoice_code, '') = coalesce(l.invoice_code, '')
        and i.buyer_tax_id = l.customer_uscc and i.enterprise_uscc = l.customer_uscc
        and not coalesce(i.is_red, false) and l.amount >= 0 and abs(i.total_with_tax - l.amount) <= ${tolerance}
        and l.issue_date between l.period_start and l.period_end and i.issue_date between l.period_start and l.period_end
        and l.service_type = any (array(select json_array_elements_text(${JSON.stringify(eligible)}::json)))
        and i.match_status = 'matched' and i.verified and i.verified_service_type = l.service_type
        and i.intelligent_amount = i.total_with_tax
        and not l.id in (select id from held_lines)
        and not i.id in (select id from held_invoices),
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
