import { sql, type SQL } from 'drizzle-orm';
import { DEFAULT_RECON_PARAMS } from '../../recon/index.js';
import type { ServiceType } from '../../recon/index.js';

/** Regex metacharacters of Postgres' advanced regular expressions, escaped so keywords match literally. */
const escapeAre = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The exact-key step done by the database: current statement lines paired with the one invoice they name
 * by (code, number), from the line's provider to the line's customer, where the engine would settle the pair
 * on its fast path with no break at all — and where the stored outcome already says exactly that. Such a pair
 * cannot change in a full run, and nothing else in the run depends on it: no other line names its number,
 * no red invoice reverses it, no copy of the invoice exists, no decision holds either record, and a matched
 * invoice is never a proposal candidate. A run therefore loads, matches and rewrites only the rest.
 *
 * Every condition errs towards leaving a pair to the engine: a number named anywhere else, any item name
 * with a general-service word, any stored row or break that is not the plain match sends the pair back.
 * Amount tolerance and item keywords are the engine's defaults, which is what the run passes it.
 */
export function settledPairs(eligible: readonly ServiceType[]): SQL {
  const tolerance = DEFAULT_RECON_PARAMS.tolerance;
  const general = DEFAULT_RECON_PARAMS.serviceKeywords.general.filter((w) => w !== '').map(escapeAre).join('|');
  const generalItems = general === '' ? sql`false` : sql`exists (select 1 from invoice_items it where it.invoice_id = i.id and it.name ~* ${general})`;
  return sql`
    select l.id as lid, i.id as iid
    from statement_lines l
    join statement_versions v on v.id = l.version_id
    join statements s on s.id = v.statement_id and s.current_version = v.version
    join providers p on p.id = s.provider_id
    join invoices i on i.status = 'parsed' and i.invoice_number = l.invoice_number and i.seller_tax_id = p.uscc
    join (select invoice_id, min(group_id) as g from matches where undone_at is null or status in ('matched', 'proposed')
          group by invoice_id
          having count(*) = 1 and bool_and(status = 'matched' and shape = 'one_to_one' and undone_at is null)) mi on mi.invoice_id = i.id
    join (select statement_line_id, min(group_id) as g from matches where undone_at is null or status in ('matched', 'proposed')
          group by statement_line_id
          having count(*) = 1 and bool_and(status = 'matched' and shape = 'one_to_one' and undone_at is null)) ml
      on ml.statement_line_id = l.id and ml.g = mi.g
    where coalesce(i.invoice_code, '') = coalesce(l.invoice_code, '') and l.invoice_number ~ '^[0-9A-Za-z]+$'
      and i.buyer_tax_id = l.customer_uscc and i.enterprise_uscc = l.customer_uscc
      and not coalesce(i.is_red, false) and l.amount >= 0 and abs(i.total_with_tax - l.amount) <= ${tolerance}
      and l.issue_date between v.period_start and v.period_end and i.issue_date between v.period_start and v.period_end
      and l.service_type in (select value from json_array_elements_text(${JSON.stringify(eligible)}::json))
      and i.match_status = 'matched' and i.verified and i.verified_service_type = l.service_type
      and not exists (select 1 from recon_breaks b where b.resolved_at is null and b.invoice_id = i.id)
      and not exists (select 1 from recon_breaks b where b.resolved_at is null and b.statement_line_id = l.id)
      and not exists (select 1 from named_elsewhere n where n.number = l.invoice_number)
      and not exists (select 1 from copies c where c.number = i.invoice_number and c.code = coalesce(i.invoice_code, ''))
      and not ${generalItems}`;
}

/**
 * Numbers the fast path must not assume are named once: named by two current lines, inside a line's list
 * of numbers, or as the original of a red invoice; and identities uploaded more than once.
 */
export const SETTLED_CONTEXT = sql`
  current_numbers as (
    select l.invoice_number from statement_lines l
    join statement_versions v on v.id = l.version_id
    join statements s on s.id = v.statement_id and s.current_version = v.version
    where l.invoice_number is not null),
  named_elsewhere as (
    select invoice_number as number from current_numbers group by invoice_number having count(*) > 1
    union all select regexp_split_to_table(invoice_number, '[^0-9A-Za-z]+') from current_numbers where invoice_number !~ '^[0-9A-Za-z]+$'
    union all select original_invoice_number from invoices where status = 'parsed' and original_invoice_number is not null),
  copies as (
    select invoice_number as number, coalesce(invoice_code, '') as code from invoices where status = 'parsed'
    group by 1, 2 having count(*) > 1)`;
