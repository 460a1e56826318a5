import { POLICY_TEXT } from './policy-text.js';
import { clauseIds } from './words.js';

/**
 * The policy document cut into its clauses, in its own numbering: 二 (a part), 二(五) (an item of it),
 * 三(五)1 (a numbered point of an item). A decision cites these ids; readers open the words behind them.
 */
export interface Clause {
  id: string;
  /** The clause's own words: its heading and text, with its points appended when the heading stands alone. */
  text: string;
  /** An ASCII id for anchors and links: 二(五) → c2-5, 三(五)1 → c3-5-1. */
  anchor: string;
  /** 1 for a part, 2 for an item, 3 for a numbered point. */
  level: 1 | 2 | 3;
}

const NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const PART = /^([一二三四五六七八九十])、\s*(.*)$/;
const ITEM = /^\(([一二三四五六七八九十]+)\)\s*(.*)$/;
const POINT = /^(\d+)\.\s*(.*)$/;

/** 二(五)1 → c2-5-1. */
export function clauseAnchor(id: string): string {
  const m = /^([一二三四五六七八九十])(?:\(([一二三四五六七八九十]+)\))?(\d+)?$/.exec(id);
  if (!m) return `c-${encodeURIComponent(id)}`;
  return ['c' + NUMERALS[m[1]!], m[2] ? String(NUMERALS[m[2]]) : null, m[3] ?? null].filter((x) => x !== null).join('-');
}

interface Draft {
  id: string;
  level: 1 | 2 | 3;
  lines: string[];
}

/** Paragraphs a page break split mid-sentence ("升级可" / "持续性") are joined back; others keep their break. */
function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    if (out === '') out = line;
    else out += /[。；：！？]$/.test(out) ? `\n${line}` : line;
  }
  return out;
}

function parse(text: string): { preamble: string; clauses: Clause[] } {
  const drafts: Draft[] = [];
  const preamble: string[] = [];
  let part: string | null = null;
  let item: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const p = PART.exec(line);
    const i = ITEM.exec(line);
    const n = POINT.exec(line);
    if (p) {
      part = p[1]!;
      item = null;
      drafts.push({ id: part, level: 1, lines: [p[2]!] });
    } else if (i && part) {
      item = `${part}(${i[1]})`;
      drafts.push({ id: item, level: 2, lines: [i[2]!] });
    } else if (n && item) {
      drafts.push({ id: `${item}${n[1]}`, level: 3, lines: [n[2]!] });
    } else if (drafts.length > 0) {
      drafts.at(-1)!.lines.push(line);
    } else {
      preamble.push(line);
    }
  }
  const clauses = drafts.map((d) => {
    // A part's first line is its heading ("申报条件"), never the start of a sentence.
    const own = d.level === 1 ? [d.lines[0]!, joinLines(d.lines.slice(1))].filter((x) => x !== '').join('\n') : joinLines(d.lines);
    // An item whose line is only a heading ("采购算力服务补助") reads as its numbered points.
    const headingOnly = d.level === 2 && !/[。；]/.test(own);
    const points = headingOnly ? drafts.filter((x) => x.level === 3 && x.id.startsWith(d.id)).map((x) => `${x.id.slice(d.id.length)}. ${joinLines(x.lines)}`) : [];
    return { id: d.id, level: d.level, anchor: clauseAnchor(d.id), text: [own, ...points].join('\n') };
  });
  return { preamble: preamble.join('\n'), clauses };
}

const PARSED = parse(POLICY_TEXT);
const BY_ID = new Map(PARSED.clauses.map((c) => [c.id, c]));

/** Every clause of the policy, in document order. */
export function policyClauses(): readonly Clause[] {
  return PARSED.clauses;
}

/** The lines before the first part: the issuing notice and the title. */
export function policyPreamble(): string {
  return PARSED.preamble;
}

export function clauseById(id: string): Clause | undefined {
  return BY_ID.get(id);
}

/** The clauses a trace step or reason cites ("二(五), 三(五)1"), those the document has, in the order cited. */
export function citedClauses(clause: string): Clause[] {
  return clauseIds(clause).flatMap((id) => BY_ID.get(id) ?? []);
}
