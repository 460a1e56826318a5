/**
 * A blue (ordinary, positive) invoice from a resolved spec, and the totals and amount words of
 * any set of lines.
 */
import { toChineseAmount } from '../../src/domain/chinese-amount.js';
import type { Fen } from '../../src/domain/money.js';
import {
  checkCode,
  cipherLines,
  digitalNumber,
  digitalTitle,
  legacyCode,
  legacyNumber,
  legacyTitle,
  machineNumber,
} from './identifiers.js';
import { makeLines } from './lines.js';
import type { DocLine, InvoiceDoc } from './model.js';
import { personName } from './parties.js';
import { derive, type Rng } from './random.js';
import { issuingRegion } from './regions.js';
import { MAX_LEGACY_PAGE_LINES, type InvoiceSpec, type WordsStyle } from './spec.js';

export interface Totals {
  net: Fen;
  tax: Fen;
  gross: Fen;
  allExempt: boolean;
  words: string;
}

export function totalsOf(lines: DocLine[], wordsStyle: WordsStyle): Totals {
  const net = lines.reduce((sum, l) => sum + l.amount, 0);
  const tax = lines.reduce((sum, l) => sum + (l.tax ?? 0), 0);
  const gross = net + tax;
  // Older legacy issuers write 元 and no 整 after 角; 数电 and newer ones 圆 with 整.
  const words = toChineseAmount(Math.abs(gross), wordsStyle === '元' ? { yuan: '元', zhengAfterJiao: false } : {});
  return { net, tax, gross, allExempt: lines.every((l) => l.tax === null), words };
}

/** Remark lines a provider adds; each fits one line of the form's 备注 box. */
function blueRemarks(rng: Rng, doc: Pick<InvoiceDoc, 'generation' | 'buyer' | 'issueDate'>): string[] {
  const contract = `合同编号:${rng.pick(['FJAI', 'SL', 'ZS', 'HT'])}-${doc.issueDate.slice(0, 4)}-${rng.digits(4)}`;
  const period = `服务期间:${doc.issueDate.slice(0, 7).replace('-', '.')}`;
  if (doc.generation === 'legacy') return rng.chance(0.5) ? [rng.pick([contract, period])] : [];
  const bank = `购方开户银行:${doc.buyer.bank}; 银行账号:${doc.buyer.account};`;
  const choices = [[], [bank], [contract], [bank, contract], [contract, period]];
  return rng.pick(choices);
}

export function buildBlueDoc(spec: InvoiceSpec): InvoiceDoc {
  const rng = derive(spec.seed, 'content');
  const region = issuingRegion(spec.seller.taxId);
  const legacy = spec.generation === 'legacy';
  const lines = makeLines(rng, spec.itemCount, spec.rates, spec.numberStyle);
  const identity = legacy
    ? {
        title: legacyTitle(region, spec.kind),
        code: legacyCode(region, spec.issueDate, spec.kind),
        number: legacyNumber(rng),
        checkCode: checkCode(rng),
        machineNumber: machineNumber(rng),
        cipher: cipherLines(rng),
      }
    : { title: digitalTitle(spec.kind), code: null, number: digitalNumber(rng, region, spec.issueDate), checkCode: null, machineNumber: null, cipher: null };
  const base = { generation: spec.generation, buyer: spec.buyer, issueDate: spec.issueDate };
  return {
    ...base,
    ...identity,
    kind: spec.kind,
    seller: spec.seller,
    lines,
    listed: legacy && lines.length > MAX_LEGACY_PAGE_LINES,
    ...totalsOf(lines, spec.wordsStyle),
    wordsStyle: spec.wordsStyle,
    red: null,
    remarks: blueRemarks(rng, base),
    issuer: personName(rng),
    payee: legacy ? personName(rng) : null,
    reviewer: legacy ? personName(rng) : null,
    numberStyle: spec.numberStyle,
    order: spec.order,
  };
}
