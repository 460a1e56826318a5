import type { Line } from './lines.js';
import { compact, sliceRun, type Run } from './runs.js';

/**
 * The printed labels of both generations, keyed by what they mean. Keys are compared after NFKC
 * with white space and a trailing colon removed, so '校 验 码：', '名     称:' (even when '名'
 * and '称:' are separate runs) and '开 票 人:' are all found.
 */
const LABEL_TEXTS = {
  invoiceCode: ['发票代码'],
  invoiceNumber: ['发票号码'],
  issueDate: ['开票日期'],
  checkCode: ['校验码'],
  machineNumber: ['机器编号'],
  name: ['名称'],
  taxId: ['纳税人识别号', '统一社会信用代码/纳税人识别号', '统一社会信用代码', '纳税人识别号/统一社会信用代码'],
  address: ['地址、电话', '地址,电话', '地址电话', '地址', '电话'],
  bank: ['开户行及账号', '开户银行及账号', '开户银行', '银行账号', '开户行'],
  totalWords: ['价税合计(大写)', '价税合计'],
  totalFigures: ['(小写)'],
  subtotal: ['合计'],
  remarks: ['备注'],
  payee: ['收款人'],
  reviewer: ['复核', '复核人'],
  issuer: ['开票人'],
  sellerSeal: ['销售方:(章)', '销售方(章)'],
} as const;

export type LabelKind = keyof typeof LABEL_TEXTS;

export interface LabelHit {
  readonly kind: LabelKind;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly size: number;
}

const KIND_BY_KEY = new Map<string, LabelKind>();
const PREFIXES = new Set<string>();
for (const [kind, texts] of Object.entries(LABEL_TEXTS) as [LabelKind, readonly string[]][]) {
  for (const text of texts) {
    KIND_BY_KEY.set(text, kind);
    for (let i = 1; i <= text.length; i++) PREFIXES.add(text.slice(0, i));
  }
}

const labelKey = (text: string): string => compact(text).replace(/:+$/u, '');

// Every tail of a label ('称' of '名称'): pdf.js may glue the last part of a letter-spaced label
// to the value after it ('称: 福州…'), so such a tail ending in a colon is a label piece too.
const TAILS = new Set<string>();
for (const key of KIND_BY_KEY.keys()) for (let i = 0; i < key.length; i++) TAILS.add(key.slice(i));

const isLabelPiece = (text: string): boolean => {
  const key = labelKey(text);
  return key !== '' && TAILS.has(key);
};

// A label ends at its colon, or with the closing bracket of (大写) / (小写).
const LABEL_END = /:|[大小]写\)/gu;

function trimmedRange(chars: readonly string[], start: number, end: number): [number, number] {
  while (start < end && chars[start]!.trim() === '') start++;
  while (end > start && chars[end - 1]!.trim() === '') end--;
  return [start, end];
}

/**
 * Splits a run holding a label and its value ('开票人:王梅', '发票号码:2532…', '称: 福州…',
 * '王梅 复核:李思', '伍拾叁圆(小写)¥53.40') into label runs and value runs. A label inside a
 * piece must start it, follow a space or open a bracket, so '购方开户银行:' stays whole.
 */
export function splitLabelRuns(run: Run): Run[] {
  if (!run.text.includes(':') && !run.text.includes('写)')) return [run];
  const text = run.text;
  const chars = [...text];
  const cuts: number[] = [0];
  for (const m of text.matchAll(LABEL_END)) {
    // Match indices count UTF-16 units; cuts count characters.
    const end = [...text.slice(0, m.index + m[0].length)].length;
    const from = cuts[cuts.length - 1]!;
    for (let k = from; k < end; k++) {
      const atBoundary = k === from || chars[k - 1]!.trim() === '' || chars[k] === '(';
      if (atBoundary && isLabelPiece(chars.slice(k, end).join(''))) {
        if (k > from) cuts.push(k);
        cuts.push(end);
        break;
      }
    }
  }
  if (cuts.length === 1) return [run];
  cuts.push(chars.length);
  const out: Run[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [s, e] = trimmedRange(chars, cuts[i]!, cuts[i + 1]!);
    if (e > s) out.push(sliceRun(run, s, e));
  }
  return out;
}

// Letter-spaced labels leave wide gaps between their characters ('合' … '计'); a wider gap than
// this ends the label.
const MAX_GAP_IN_LABEL = 6;
// Some generators write every character as a run of its own.
const MAX_RUNS_IN_LABEL = 24;

/** Finds the labels on one line; each run belongs to at most one label. */
export function findLabelsOnLine(line: Line): LabelHit[] {
  const runs = line.runs;
  const hits: LabelHit[] = [];
  let i = 0;
  while (i < runs.length) {
    const first = runs[i]!;
    let acc = '';
    let best: { end: number; kind: LabelKind } | undefined;
    for (let j = i; j < runs.length && j < i + MAX_RUNS_IN_LABEL; j++) {
      const run = runs[j]!;
      if (j > i && run.x0 - runs[j - 1]!.x1 > MAX_GAP_IN_LABEL * run.size) break;
      acc += compact(run.text);
      const key = acc.replace(/:+$/u, '');
      const kind = KIND_BY_KEY.get(key);
      if (kind) best = { end: j, kind };
      if (!PREFIXES.has(key)) break;
    }
    if (best) {
      const last = runs[best.end]!;
      hits.push({ kind: best.kind, x0: first.x0, x1: last.x1, y: first.y, size: first.size });
      i = best.end + 1;
    } else {
      i++;
    }
  }
  return hits;
}
