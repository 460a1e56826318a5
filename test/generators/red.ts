/**
 * Red-letter invoices reversing a generated blue one. The red invoice is a new invoice of the same
 * seller and buyer with negative quantities and amounts; its 备注 names the original the way each
 * generation does (数电 `被红冲蓝字数电发票号码：`, legacy `对应正数发票代码:…号码:…`). A blue
 * invoice with 销货清单 pages is reversed by summary lines, one per rate, as issuing systems do.
 */
import { totalsOf } from './build-doc.js';
import { checkCode, cipherLines, confirmationNumber, digitalNumber, legacyCode, legacyNumber } from './identifiers.js';
import { negateLine } from './lines.js';
import type { DocLine, InvoiceDoc } from './model.js';
import { derive } from './random.js';
import { issuingRegion } from './regions.js';

export const RED_SUMMARY_NAME = '详见对应正数发票及清单';

function summaryLines(blue: InvoiceDoc): DocLine[] {
  const byRate = new Map<string, DocLine[]>();
  for (const line of blue.lines) byRate.set(line.rate.key, [...(byRate.get(line.rate.key) ?? []), line]);
  return [...byRate.values()].map((lines) => ({
    name: RED_SUMMARY_NAME,
    spec: null,
    unit: null,
    quantity: null,
    unitPrice: null,
    amount: -lines.reduce((s, l) => s + l.amount, 0),
    rate: lines[0]!.rate,
    tax: lines[0]!.tax === null ? null : -lines.reduce((s, l) => s + (l.tax ?? 0), 0),
    serviceType: lines[0]!.serviceType,
  }));
}

export function buildRedDoc(blue: InvoiceDoc, seed: number, issueDate: string): InvoiceDoc {
  if (blue.red) throw new Error('a red invoice reverses a blue one, not another red one');
  if (issueDate < blue.issueDate) throw new Error(`a red invoice (${issueDate}) cannot precede the invoice it reverses (${blue.issueDate})`);
  const rng = derive(seed, 'red');
  const region = issuingRegion(blue.seller.taxId);
  const lines = blue.listed ? summaryLines(blue) : blue.lines.map(negateLine);
  const legacy = blue.generation === 'legacy';
  const confirmation = legacy ? null : confirmationNumber(rng, region);
  const identity = legacy
    ? { code: legacyCode(region, issueDate, blue.kind), number: legacyNumber(rng), checkCode: checkCode(rng), cipher: cipherLines(rng) }
    : { code: null, number: digitalNumber(rng, region, issueDate), checkCode: null, cipher: null };
  const remark = legacy
    ? `对应正数发票代码:${blue.code}号码:${blue.number}`
    : `被红冲蓝字数电发票号码：${blue.number} 红字发票信息确认单编号：${confirmation}`;
  return {
    ...blue,
    ...identity,
    issueDate,
    lines,
    listed: false,
    ...totalsOf(lines, blue.wordsStyle),
    red: { originalNumber: blue.number, originalCode: blue.code, confirmation },
    remarks: [remark],
  };
}
