import { formatYuan } from '../../domain/money.js';
import { isValidUscc } from '../../domain/uscc.js';
import { isValidDate } from '../../domain/dates.js';
import { invalid } from '../errors.js';
import { shanghaiDate } from '../policy/index.js';
import type { CsvRecord } from './csv.js';
import { costToFen, parseCost, parseInvoiceId, parseTimestamp, type InvoiceRef } from './focus-cells.js';
import { focusServiceType } from './focus-service-type.js';
import { RowProblems } from './focus-problems.js';
import { SERVICE_TYPES, type ServiceType } from './statement-input.js';
import type { RawStatement } from './validate-statement.js';

/** FOCUS columns the fold reads; any other column (FOCUS's own or a provider's `x_…`) is carried past unread. */
const REQUIRED = ['InvoiceId', 'BilledCost', 'BillingCurrency', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory', 'ServiceCategory', 'BillingAccountId'] as const;
const OPTIONAL = ['SubAccountId', 'ServiceSubcategory', 'SkuMeter', 'ServiceName', 'x_CustomerUscc', 'x_ServiceType', 'x_InvoiceIssueDate'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/** FOCUS 1.2/1.3 ChargeCategory values; Credit and Adjustment rows lower what was billed. */
const CHARGE_CATEGORIES = new Set(['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment']);
const CREDITS = new Set(['Credit', 'Adjustment']);
const SERVICE = new Set<string>(SERVICE_TYPES);
const MAX_NAMES = 4;

interface Group {
  customerUscc: string;
  invoice: InvoiceRef;
  serviceType: ServiceType;
  credit: boolean;
  total: bigint;
  /** Latest exclusive charge period end of its rows (epoch ms). */
  lastEnd: number;
  issueDate: string | null;
  rows: number;
  names: Set<string>;
}

/**
 * A copy of `s` that shares no memory with the body it was cut from. Values the fold keeps past the current
 * piece (cache keys, line fields) go through it: V8 substrings point into their parent string, and one kept
 * substring would keep a whole piece of the body alive.
 */
function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * Folds FOCUS cost and usage rows into statement lines: one line per (customer, InvoiceId, service type),
 * and a second, negative one for the Credit and Adjustment rows of the same key. Rows arrive one at a time
 * (the body is streamed) and only the running totals are kept. Every problem is noted against its CSV row;
 * `statement()` refuses the whole file when there is one.
 */
export class FocusFold {
  private cols: Record<Column, number> | null = null;
  private width = 0;
  private readonly groups = new Map<string, Group>();
  private readonly invoices = new Map<string, InvoiceRef | null>();
  private readonly customers = new Map<string, string | null>();
  private readonly types = new Map<string, ServiceType>();
  private readonly dates = new Map<string, boolean>();
  readonly problems = new RowProblems();
  rows = 0;
  private firstStart = Number.POSITIVE_INFINITY;
  private lastEnd = Number.NEGATIVE_INFINITY;

  /** `accounts`: the provider's BillingAccountId / SubAccountId → customer USCC mapping. */
  constructor(private readonly accounts: ReadonlyMap<string, string>) {}

  record(rec: CsvRecord): void {
    if (this.cols) this.row(rec);
    else this.header(rec);
  }

  private header(rec: CsvRecord): void {
    const names = rec.fields.map((f) => f.trim());
    const errors: { path: string; message: string }[] = [];
    const at = new Map<string, number>();
    names.forEach((n, i) => {
      if (at.has(n)) errors.push({ path: 'rows[1]', message: `column ${n} appears twice` });
      at.set(n, i);
    });
    for (const c of REQUIRED) if (!at.has(c)) errors.push({ path: 'rows[1]', message: `missing FOCUS column ${c}` });
    if (rec.row !== 1 || errors.length > 0) {
      throw invalid('CSV_HEADER_INVALID', `the first row must be a FOCUS header naming at least ${REQUIRED.join(', ')}`, errors.length ? errors : [{ path: 'rows[1]', message: 'expected the header' }]);
    }
    this.cols = Object.fromEntries([...REQUIRED, ...OPTIONAL].map((c) => [c, at.get(c) ?? -1])) as Record<Column, number>;
    this.width = names.length;
  }

  private row(rec: CsvRecord): void {
    this.rows++;
    const f = rec.fields;
    const p = this.problems;
    if (f.length !== this.width) {
      p.add(rec.row, null, `has ${f.length} fields; the header has ${this.width}`, 'wrong number of fields');
      return;
    }
    const c = this.cols!;
    const cell = (col: Column) => (c[col] < 0 ? '' : f[c[col]]!);
    const before = p.count;

    const currency = f[c.BillingCurrency]!;
    if (currency !== 'CNY') p.add(rec.row, 'BillingCurrency', `${JSON.stringify(currency)}: only CNY is accepted (statement amounts are yuan)`, 'BillingCurrency not CNY');

    const invoiceId = f[c.InvoiceId]!;
    const invoice = invoiceId === '' ? null : this.invoice(invoiceId);
    if (!invoice) {
      p.add(rec.row, 'InvoiceId', invoiceId === '' ? 'missing: every row must name the invoice that bills it' : `${JSON.stringify(invoiceId)} is neither a 20-digit 数电 number nor a legacy code and number (3500261130-01234567)`, 'InvoiceId missing or not an invoice number');
    }

    const customerUscc = this.customer(rec.row, cell('x_CustomerUscc'), cell('SubAccountId'), f[c.BillingAccountId]!);

    const category = f[c.ChargeCategory]!;
    const credit = CREDITS.has(category);
    if (!CHARGE_CATEGORIES.has(category)) p.add(rec.row, 'ChargeCategory', `${JSON.stringify(category)} is not a FOCUS charge category (${[...CHARGE_CATEGORIES].join(', ')})`, 'unknown ChargeCategory');

    const cost = parseCost(f[c.BilledCost]!);
    if (cost === null) p.add(rec.row, 'BilledCost', `${JSON.stringify(f[c.BilledCost])} is not a decimal number`, 'BilledCost not a number');
    else if (credit && cost > 0n) p.add(rec.row, 'BilledCost', `a ${category} row lowers what was billed: its BilledCost must be zero or negative`, 'positive Credit or Adjustment');

    const start = parseTimestamp(f[c.ChargePeriodStart]!);
    const end = parseTimestamp(f[c.ChargePeriodEnd]!);
    if (start === null) p.add(rec.row, 'ChargePeriodStart', `${JSON.stringify(f[c.ChargePeriodStart])} is not an ISO 8601 timestamp`, 'charge period unreadable');
    if (end === null) p.add(rec.row, 'ChargePeriodEnd', `${JSON.stringify(f[c.ChargePeriodEnd])} is not an ISO 8601 timestamp`, 'charge period unreadable');
    else if (start !== null && end < start) p.add(rec.row, 'ChargePeriodEnd', 'is before ChargePeriodStart', 'charge period unreadable');

    const serviceType = this.serviceType(rec.row, cell('x_ServiceType'), f[c.ServiceCategory]!, cell('ServiceSubcategory'), cell('SkuMeter'), cell('ServiceName'));
    const issueDate = cell('x_InvoiceIssueDate');
    if (issueDate !== '' && !this.date(issueDate)) p.add(rec.row, 'x_InvoiceIssueDate', `${JSON.stringify(issueDate)} is not a YYYY-MM-DD date`, 'x_InvoiceIssueDate unreadable');
    if (p.count > before) return;

    const key = `${customerUscc}\u0000${invoice!.invoiceCode ?? ''}\u0000${invoice!.invoiceNumber}\u0000${serviceType}\u0000${credit ? 'c' : ''}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { customerUscc: customerUscc!, invoice: invoice!, serviceType: serviceType!, credit, total: 0n, lastEnd: end!, issueDate: null, rows: 0, names: new Set() };
      this.groups.set(key, g);
    }
    g.total += cost!;
    g.rows++;
    if (end! > g.lastEnd) g.lastEnd = end!;
    if (issueDate !== '' && (g.issueDate === null || issueDate > g.issueDate)) g.issueDate = issueDate;
    const name = cell('ServiceName');
    if (name !== '' && g.names.size < MAX_NAMES && !g.names.has(name)) g.names.add(own(name));
    if (start! < this.firstStart) this.firstStart = start!;
    if (end! > this.lastEnd) this.lastEnd = end!;
  }

  private invoice(id: string): InvoiceRef | null {
    let ref = this.invoices.get(id);
    if (ref === undefined) {
      ref = parseInvoiceId(id);
      if (ref) ref = { invoiceNumber: own(ref.invoiceNumber), invoiceCode: ref.invoiceCode };
      this.invoices.set(own(id), ref);
    }
    return ref;
  }

  /** `x_CustomerUscc` when given; else the mapping of SubAccountId, then of BillingAccountId (the most specific mapped account wins). */
  private customer(row: number, given: string, subAccount: string, billingAccount: string): string | null {
    if (given !== '') {
      let uscc = this.customers.get(given);
      if (uscc === undefined) {
        uscc = isValidUscc(given) ? own(given) : null;
        this.customers.set(own(given), uscc);
      }
      if (uscc === null) this.problems.add(row, 'x_CustomerUscc', `${JSON.stringify(given)} is not a valid USCC`, 'x_CustomerUscc not a valid USCC');
      return uscc;
    }
    const mapped = (subAccount !== '' ? this.accounts.get(subAccount) : undefined) ?? this.accounts.get(billingAccount);
    if (mapped !== undefined) return mapped;
    const named = subAccount !== '' ? `SubAccountId ${JSON.stringify(subAccount)} nor BillingAccountId ${JSON.stringify(billingAccount)}` : `BillingAccountId ${JSON.stringify(billingAccount)}`;
    this.problems.add(row, subAccount !== '' ? 'SubAccountId' : 'BillingAccountId', `no x_CustomerUscc, and neither ${named} is mapped to a customer (PUT /v1/providers/me/accounts/{accountId})`, 'account not mapped to a customer');
    return null;
  }

  private serviceType(row: number, given: string, category: string, sub: string, meter: string, name: string): ServiceType | null {
    if (given !== '') {
      if (SERVICE.has(given)) return SERVICE_TYPES.find((t) => t === given)!;
      this.problems.add(row, 'x_ServiceType', `${JSON.stringify(given)} is not one of ${SERVICE_TYPES.join(', ')}`, 'x_ServiceType unknown');
      return null;
    }
    const key = `${category}\u0001${sub}\u0001${meter}\u0001${name}`;
    let type = this.types.get(key);
    if (type === undefined) {
      type = focusServiceType(category, sub, meter, name);
      this.types.set(own(key), type);
    }
    return type;
  }

  private date(text: string): boolean {
    let valid = this.dates.get(text);
    if (valid === undefined) {
      valid = isValidDate(text);
      this.dates.set(text, valid);
    }
    return valid;
  }

  /**
   * The folded lines as a statement for the usual validation. The period is the query's when it names one;
   * otherwise the Beijing dates of the earliest ChargePeriodStart and of the last instant before the latest
   * (exclusive) ChargePeriodEnd. A line's issueDate is its rows' latest x_InvoiceIssueDate, else the Beijing
   * date of the last instant its rows bill.
   */
  statement(query: { periodStart?: string; periodEnd?: string }): RawStatement {
    this.problems.throwIfAny('FOCUS rows');
    if (!this.cols) throw invalid('CSV_HEADER_INVALID', 'the body is empty: a FOCUS export starts with its header row', [{ path: 'rows[1]', message: 'expected the header' }]);
    const fromQuery = query.periodStart !== undefined || query.periodEnd !== undefined;
    if (!fromQuery && this.groups.size === 0) {
      throw invalid('INVALID_STATEMENT', 'the FOCUS export has no rows, so no period can be read from them; give periodStart and periodEnd in the query', [
        { path: 'query.periodStart', message: 'required for an export without rows' },
      ]);
    }
    const lines = [...this.groups.values()].map((g) => ({
      lineId: `${g.customerUscc}/${g.invoice.invoiceCode ? `${g.invoice.invoiceCode}-` : ''}${g.invoice.invoiceNumber}/${g.serviceType}${g.credit ? '/credit' : ''}`,
      customerUscc: g.customerUscc,
      invoiceNumber: g.invoice.invoiceNumber,
      invoiceCode: g.invoice.invoiceCode,
      issueDate: g.issueDate ?? shanghaiDate(new Date(Math.max(g.lastEnd - 1, this.firstStart))),
      amount: formatYuan(costToFen(g.total)),
      serviceType: g.serviceType,
      description: `FOCUS ${g.credit ? 'credits' : 'charges'}, ${g.rows} row(s)${g.names.size ? `: ${[...g.names].sort().join(', ')}` : ''}`.slice(0, 500),
    }));
    return {
      periodStart: fromQuery ? query.periodStart : shanghaiDate(new Date(this.firstStart)),
      periodEnd: fromQuery ? query.periodEnd : shanghaiDate(new Date(Math.max(this.lastEnd - 1, this.firstStart))),
      lines,
      source: 'focus',
      lineLabel: (i) => `lines[${i}]`,
      ...(fromQuery ? { periodLabel: 'query' } : {}),
    };
  }
}
