import { labelKey } from '../../common/index.js';
import { sameLine, type TextRun } from '../text-run.js';

/**
 * The printed labels of invoice forms (legacy 税控 and 数电), as label keys: NFKC, no white
 * space, no trailing colon. A run whose key is one of these is a label, never a value.
 */
const FIELD_LABELS = [
  '发票代码', '发票号码', '开票日期', '校验码', '机器编号', '密码区', '说明',
  '名称', '纳税人识别号', '统一社会信用代码/纳税人识别号', '地址、电话', '地址电话', '开户行及账号',
  '开户银行及账号', '购买方', '销售方', '购买方信息', '销售方信息', '购买方名称', '销售方名称',
  '价税合计(大写)', '价税合计', '(小写)', '合计', '备注', '收款人', '复核', '复核人', '开票人',
  '销售方(章)', '特定业务', '下载次数',
];

/** Table header words and the item column each one names. */
export const HEADER_WORDS: Record<string, ItemColumn> = {
  '序号': 'seq',
  '项目名称': 'name',
  '货物或应税劳务、服务名称': 'name',
  '货物或应税劳务名称': 'name',
  '货物(劳务)名称': 'name',
  '货物或劳务名称': 'name',
  '规格型号': 'spec',
  '单位': 'unit',
  '数量': 'quantity',
  '单价': 'unitPrice',
  '单价(含税)': 'unitPrice',
  '单价(不含税)': 'unitPrice',
  '金额': 'amount',
  '金额(含税)': 'amount',
  '金额(不含税)': 'amount',
  '税率': 'taxRate',
  '税率/征收率': 'taxRate',
  '征收率': 'taxRate',
  '税额': 'tax',
  // Toll (通行费) tables: columns that are no invoice field, kept apart so they fill no other.
  '车牌号': 'other',
  '类型': 'other',
  '通行日期起': 'other',
  '通行日期止': 'other',
};

export type ItemColumn =
  | 'seq'
  | 'name'
  | 'spec'
  | 'unit'
  | 'quantity'
  | 'unitPrice'
  | 'amount'
  | 'taxRate'
  | 'tax'
  | 'other';

const LABEL_SET = new Set([...FIELD_LABELS, ...Object.keys(HEADER_WORDS)]);
/** Block captions printed one character per object, vertically; they bound value search. */
const CAPTION_CHARS = new Set(['购', '销', '密', '说', '备']);

export function isLabel(run: TextRun): boolean {
  return LABEL_SET.has(labelKey(run.text));
}

function isStop(run: TextRun): boolean {
  return isLabel(run) || CAPTION_CHARS.has(labelKey(run.text));
}

/** Runs whose label key satisfies the predicate (or equals the given key). */
export function findLabels(runs: TextRun[], key: string | ((k: string) => boolean)): TextRun[] {
  const test = typeof key === 'string' ? (k: string) => k === key : key;
  return runs.filter((r) => test(labelKey(r.text)));
}

export interface FoundValue {
  text: string;
  runs: TextRun[];
}

/**
 * The value printed to the right of a label on its line: the nearest non-label run, plus runs
 * continuing it without a wide gap, stopping at the next label or block caption.
 */
export function valueRightOf(label: TextRun, runs: TextRun[]): FoundValue | null {
  const startX = label.x0 + (label.x1 - label.x0) * 0.5;
  const onLine = (r: TextRun) => sameLine(r, label) || (label.baseline >= r.yMin && label.baseline <= r.yMax);
  const stopX = Math.min(
    Infinity,
    ...runs.filter((r) => r !== label && r.x0 > startX && isStop(r) && onLine(r)).map((r) => r.x0),
  );
  const candidates = runs
    .filter((r) => r !== label && !isStop(r) && sameLine(r, label) && r.x0 >= startX && r.x0 < stopX)
    .filter((r) => /[\p{L}\p{N}]/u.test(r.text))
    .sort((a, b) => a.x0 - b.x0);
  const first = candidates[0];
  if (!first) return null;
  const picked = [first];
  for (const next of candidates.slice(1)) {
    const prev = picked[picked.length - 1]!;
    if (next.x0 - prev.x1 > 1.5 * Math.max(prev.size, next.size)) break;
    picked.push(next);
  }
  return { text: picked.map((r) => r.text.trim()).join(''), runs: picked };
}

const LABEL_LIST = [...LABEL_SET];
/** Widest gap between the characters of one letter-spaced label ('名          称：'). */
const MAX_LABEL_GAP = 16;

const isColon = (run: TextRun) => /^\s*[:：]\s*$/u.test(run.text);

/**
 * Forms print some labels one character (or a few) per object, spaced to a column width:
 * '名' … '称：', '校' '验' '码：'. Runs on one line whose concatenation is exactly a known label
 * are merged into one run, so label lookup sees '名称：'.
 */
export function mergeLabelFragments(runs: TextRun[], lines: TextRun[][]): TextRun[] {
  const merged = new Map<TextRun, TextRun | null>();
  for (const line of lines) {
    let i = 0;
    while (i < line.length) {
      const start = line[i]!;
      let acc = labelKey(start.text);
      let j = i;
      while (
        !LABEL_SET.has(acc) &&
        j + 1 < line.length &&
        acc !== '' &&
        line[j + 1]!.fromTemplate === start.fromTemplate &&
        line[j + 1]!.x0 - line[j]!.x1 < MAX_LABEL_GAP &&
        LABEL_LIST.some((l) => l.startsWith(acc) && l !== acc)
      ) {
        j += 1;
        acc = labelKey(`${acc}${line[j]!.text}`);
      }
      if (j > i && LABEL_SET.has(acc)) {
        const next = line[j + 1];
        if (next && isColon(next) && next.x0 - line[j]!.x1 < start.size) j += 1;
        const parts = line.slice(i, j + 1);
        merged.set(start, {
          ...start,
          objectId: null,
          text: parts.map((p) => p.text).join(''),
          x1: Math.max(...parts.map((p) => p.x1)),
        });
        for (const p of parts.slice(1)) merged.set(p, null);
        i = j + 1;
      } else i += 1;
    }
  }
  if (merged.size === 0) return runs;
  const out: TextRun[] = [];
  for (const r of runs) {
    const m = merged.get(r);
    if (m === undefined) out.push(r);
    else if (m !== null) out.push(m);
  }
  return out;
}
