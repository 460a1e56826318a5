import { parseChineseAmount } from '../domain/chinese-amount.js';
import { formatYuan as yuan, parseYuanLoose, type Fen } from '../domain/money.js';
import type { InvoiceFields } from './fields.js';
import type { InvoiceSignature } from './signature/types.js';
import { checkWords as say, signatureWords } from './check-words.js';

export type CheckOutcome = 'pass' | 'fail' | 'skipped';

export interface InvoiceCheck {
  code: string;
  outcome: CheckOutcome;
  detail: string;
  /** The check as a Chinese sentence built from the figures it compared, for the people who read it. */
  text: string;
  expected?: string;
  actual?: string;
}

/** What the service knows about an invoice's surroundings; the checks themselves stay pure. */
export interface CheckContext {
  uploaderUscc: string;
  sellerIsRegisteredProvider: boolean;
  /** Largest accepted difference between a line's tax and amount × rate, in fen. */
  lineTaxTolerance: Fen;
  /** Inclusive window of issue dates the programme covers. */
  window: { from: string; to: string };
  /** Other invoices on file with the same number (and code, for legacy). */
  duplicates: { invoiceId: string; enterpriseUscc: string }[];
  /** The file's embedded signature as checked; absent where it was not checked. */
  signature?: InvoiceSignature;
}

const fen = (s: string | null | undefined): Fen | null => (s == null ? null : parseYuanLoose(s));

/** "13%", "6.00%", "0.06" → exact fraction; 免税 / 不征税 / *** → null (no computable tax). */
export function taxRateFraction(rate: string | null): { num: bigint; den: bigint } | null {
  if (!rate) return null;
  const pct = /^(\d+)(?:\.(\d+))?%$/.exec(rate.trim());
  if (pct) {
    const frac = pct[2] ?? '';
    return { num: BigInt(pct[1]! + frac), den: 100n * 10n ** BigInt(frac.length) };
  }
  return null;
}

function check(code: string, ok: boolean | null, detail: string, text: string, expected?: string, actual?: string): InvoiceCheck {
  const c: InvoiceCheck = { code, outcome: ok === null ? 'skipped' : ok ? 'pass' : 'fail', detail, text };
  if (expected !== undefined) c.expected = expected;
  if (actual !== undefined) c.actual = actual;
  return c;
}

/** The consistency checks recorded on every parsed invoice, in a fixed order. */
export function checkInvoice(f: InvoiceFields, ctx: CheckContext): InvoiceCheck[] {
  const out: InvoiceCheck[] = [];
  const gross = fen(f.totalWithTax);
  const net = fen(f.totalAmount);
  const tax = fen(f.totalTax);

  let words: Fen | null = null;
  try {
    words = f.totalWithTaxChinese ? parseChineseAmount(f.totalWithTaxChinese) : null;
  } catch {
    words = null;
  }
  out.push(
    f.totalWithTaxChinese === null || gross === null
      ? check('UPPERCASE_TOTAL', null, 'no amount in words on this invoice', say.uppercaseMissing())
      : check(
          'UPPERCASE_TOTAL',
          words !== null && words === Math.abs(gross),
          'the amount in words equals the numeric total',
          say.uppercase(words !== null && words === Math.abs(gross), Math.abs(gross), f.totalWithTaxChinese, words),
          yuan(Math.abs(gross)),
          words === null ? f.totalWithTaxChinese : yuan(words),
        ),
  );

  out.push(
    gross === null || net === null || tax === null
      ? check('NET_PLUS_TAX', false, 'a total is missing or unreadable', say.totalsMissing())
      : check('NET_PLUS_TAX', net + tax === gross, 'net amount + tax = total with tax', say.netPlusTax(net, tax, gross), yuan(gross), yuan(net + tax)),
  );

  const itemFen = f.items.map((i) => fen(i.amount));
  const itemsReadable = itemFen.every((v) => v !== null);
  const itemSum = itemFen.reduce<number>((a, b) => a + (b ?? 0), 0);
  out.push(
    f.items.length === 0 || !itemsReadable || net === null
      ? f.items.length === 0
        ? check('ITEMS_SUM', null, 'no item lines', say.noItems())
        : check('ITEMS_SUM', false, 'an item amount is unreadable', say.itemUnreadable())
      : check('ITEMS_SUM', itemSum === net, 'the item amounts add up to the net total', say.itemsSum(f.items.length, itemSum, net), yuan(net), yuan(itemSum)),
  );

  const lineProblems: string[] = [];
  const lineWrong: { line: number; amount: string; rate: string; tax: string }[] = [];
  let computable = 0;
  f.items.forEach((item, i) => {
    const rate = taxRateFraction(item.taxRate);
    const amount = fen(item.amount);
    const lineTax = fen(item.tax);
    if (!rate || amount === null || lineTax === null) return;
    computable++;
    // |tax − amount × rate| ≤ tolerance, compared exactly in fractions of a fen.
    const diff = BigInt(lineTax) * rate.den - BigInt(amount) * rate.num;
    if ((diff < 0n ? -diff : diff) > BigInt(ctx.lineTaxTolerance) * rate.den) {
      lineProblems.push(`line ${i + 1}: ${item.amount} × ${item.taxRate} ≠ ${item.tax}`);
      lineWrong.push({ line: i + 1, amount: item.amount!, rate: item.taxRate!, tax: item.tax! });
    }
  });
  out.push(
    computable === 0
      ? check('LINE_TAX', null, 'no line with a computable tax rate (免税, 不征税 or ***)', say.noLineTax())
      : check(
          'LINE_TAX',
          lineProblems.length === 0,
          lineProblems.length ? lineProblems.join('; ') : `each line: amount × rate = tax within ${yuan(ctx.lineTaxTolerance)}`,
          say.lineTax(computable, ctx.lineTaxTolerance, lineWrong),
        ),
  );

  out.push(
    check('BUYER_IS_UPLOADER', f.buyer.taxId === ctx.uploaderUscc, 'the buyer tax id is the uploading enterprise', say.buyer(ctx.uploaderUscc, f.buyer.taxId), ctx.uploaderUscc, f.buyer.taxId ?? '(none)'),
  );
  out.push(
    check('SELLER_IS_PROVIDER', ctx.sellerIsRegisteredProvider, 'the seller is a registered compute provider', say.seller(ctx.sellerIsRegisteredProvider, f.seller.taxId), undefined, f.seller.taxId ?? '(none)'),
  );
  out.push(
    check(
      'ISSUE_DATE_IN_WINDOW',
      f.issueDate >= ctx.window.from && f.issueDate <= ctx.window.to,
      `issued within ${ctx.window.from} … ${ctx.window.to}`,
      say.issueDate(f.issueDate, ctx.window.from, ctx.window.to),
      undefined,
      f.issueDate,
    ),
  );

  const elsewhere = ctx.duplicates.filter((d) => d.enterpriseUscc !== ctx.uploaderUscc);
  out.push(
    ctx.duplicates.length === 0
      ? check('DUPLICATE', true, 'no other copy of this invoice is on file', say.noDuplicate())
      : check(
          'DUPLICATE',
          false,
          elsewhere.length > 0
            ? `the same invoice is already held by another enterprise (${elsewhere.map((d) => d.invoiceId).join(', ')}): raised for review`
            : `the same invoice was already uploaded (${ctx.duplicates.map((d) => d.invoiceId).join(', ')})`,
          elsewhere.length > 0 ? say.heldElsewhere(elsewhere.length) : say.uploadedBefore(ctx.duplicates.length),
        ),
  );
  if (ctx.signature) out.push(signatureCheck(ctx.signature));
  return out;
}

/** The embedded signature as a check: valid passes, invalid fails, unsigned and unverifiable decide nothing. */
function signatureCheck(sig: InvoiceSignature): InvoiceCheck {
  const ok = sig.status === 'valid' ? true : sig.status === 'invalid' ? false : null;
  return check('SIGNATURE', ok, sig.detail, signatureWords(sig.status, sig.code), undefined, sig.code ? `${sig.status} (${sig.code})` : sig.status);
}
