import { isAmountWords, labelKey } from '../../common/index.js';
import type { PageText } from '../page-text.js';
import { sameLine, type TextRun } from '../text-run.js';
import { findLabels, isLabel, valueRightOf } from './labels.js';
import { readingText } from './lines.js';

/**
 * Header fields of an invoice page read by geometry: each value is found to the right of its
 * printed label, parties by the position of their 名称 labels (legacy: buyer above seller;
 * 数电: buyer left, seller right).
 */
const valueOf = (runs: TextRun[], key: string | ((k: string) => boolean)): string | null => {
  const label = findLabels(runs, key)[0];
  return label ? (valueRightOf(label, runs)?.text ?? null) : null;
};

export function readTitle(page: PageText): string | null {
  const limit = page.box ? page.box.y + page.box.height * 0.35 : Infinity;
  const candidates = page.runs.filter((r) => {
    const key = labelKey(r.text);
    return key.includes('发票') && !/代码|号码|监制|所属/u.test(key) && !isLabel(r) && r.baseline < limit;
  });
  candidates.sort((a, b) => b.size - a.size || a.baseline - b.baseline);
  return candidates[0]?.text.trim() ?? null;
}

export interface PartyPair {
  buyer: string | null;
  seller: string | null;
}

/** Two labels of the same kind: which is the buyer's and which the seller's. */
function pair(runs: TextRun[], key: string | ((k: string) => boolean)): PartyPair {
  const labels = findLabels(runs, key);
  if (labels.length < 2) return { buyer: null, seller: null };
  const [a, b] = labels as [TextRun, TextRun];
  const [buyer, seller] = sameLine(a, b) ? (a.x0 < b.x0 ? [a, b] : [b, a]) : a.baseline < b.baseline ? [a, b] : [b, a];
  return {
    buyer: valueRightOf(buyer, runs)?.text ?? null,
    seller: valueRightOf(seller, runs)?.text ?? null,
  };
}

export function readParties(runs: TextRun[]): { names: PartyPair; taxIds: PartyPair } {
  return {
    names: pair(runs, '名称'),
    taxIds: pair(runs, (k) => k.endsWith('纳税人识别号')),
  };
}

export function readIdentifiers(runs: TextRun[]) {
  return {
    invoiceCode: valueOf(runs, '发票代码'),
    invoiceNumber: valueOf(runs, '发票号码'),
    issueDate: valueOf(runs, '开票日期'),
    checkCode: valueOf(runs, '校验码'),
    issuer: valueOf(runs, '开票人'),
  };
}

/** 价税合计: amount in words and in figures. */
export function readGrandTotal(runs: TextRun[]): { words: string | null; figures: string | null } {
  const wordsText = valueOf(runs, (k) => k.startsWith('价税合计'));
  return {
    words: wordsText !== null && isAmountWords(wordsText) ? wordsText : null,
    figures: valueOf(runs, '(小写)'),
  };
}

/**
 * 备注: the text right of the 备注 caption, below the 价税合计 line and above the line of
 * 收款人 / 复核 / 开票人. The caption may be one object or '备' and '注' stacked.
 */
export function readRemarks(runs: TextRun[]): string | null {
  const caption =
    findLabels(runs, '备注')[0] ??
    findLabels(runs, '备').find((b) =>
      runs.some((r) => labelKey(r.text) === '注' && Math.abs(r.x0 - b.x0) < 2 && r.baseline > b.baseline),
    );
  const totalLine = findLabels(runs, (k) => k.startsWith('价税合计'))[0];
  // Only the invoice form's 备注 counts: 销货清单 pages have a 备注 box of their own.
  if (!caption || !totalLine) return null;
  const signLine = findLabels(runs, (k) => /^(收款人|复核|复核人|开票人)$/u.test(k))
    .map((r) => r.baseline)
    .sort((a, b) => a - b)[0];
  const top = totalLine.baseline + totalLine.size * 0.5;
  const bottom = signLine !== undefined ? signLine - 1 : Infinity;
  const inside = runs.filter(
    (r) =>
      !r.fromTemplate &&
      !isLabel(r) &&
      r.x0 >= caption.x1 - 0.5 &&
      r.baseline > top &&
      r.baseline < bottom &&
      r.text.trim() !== '',
  );
  const text = readingText(inside, ' ', ' ');
  return text === '' ? null : text;
}
