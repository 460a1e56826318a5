import { nameOf, POLICY_TYPE_NAMES, yuanText } from '../rules/words.js';
import { parseYuan } from '../domain/money.js';
import type { PublicNotice, PublicNoticeEntry, PublicNoticeState } from '../services/notices/public-notices.js';

/**
 * The words of a public notice (公示), shared by its web page and its PDF so both say exactly the same:
 * the heading, the period in working days, how and until when to object, and one row per listed project.
 */

export const NOTICE_TITLE = '福建省人工智能项目拟支持名单公示';

export const STATE_NAMES: Record<PublicNoticeState, string> = { upcoming: '即将开始', open: '公示中', ended: '公示期满' };

export function noticeHeading(n: Pick<PublicNotice, 'startsOn'>): string {
  return `${NOTICE_TITLE}（${n.startsOn}）`;
}

export function noticeIntro(n: Pick<PublicNotice, 'count'>): string {
  return `根据《福建省人工智能项目实施方案》（闽工信规〔2026〕1号）四(三)，经设区市、平潭综合实验区工信部门推荐和省工信厅组织评审，现将以下 ${n.count} 个拟支持项目予以公示。`;
}

export function noticePeriod(n: Pick<PublicNotice, 'startsOn' | 'endsOn' | 'workingDays'>): string {
  return `公示期为 ${n.workingDays} 个工作日，自 ${n.startsOn} 起至 ${n.endsOn} 止（遇法定节假日顺延）。`;
}

export function objectionHowTo(n: Pick<PublicNotice, 'objectionDeadline'>, contact: string): string {
  return `对公示项目有异议的，请于 ${n.objectionDeadline}（公示期最后一个工作日）前以书面形式向${contact}提出，写明异议的项目和理由，并提供真实姓名（单位须加盖公章）和联系方式；匿名异议不予受理。公示期满无异议的，由省工信厅发布名单。`;
}

export const ENTRY_HEADER = ['序号', '申请编号', '申报单位', '项目类别', '档次', '拟支持金额'] as const;

export function tierText(tier: string | null): string {
  return tier ? `${tier} 档` : '—';
}

export function entryCells(e: PublicNoticeEntry, i: number): string[] {
  return [String(i + 1), e.number ?? '—', e.unit, nameOf(POLICY_TYPE_NAMES, e.type), tierText(e.tier), yuanText(parseYuan(e.amount))];
}

export function noticeTotal(entries: readonly PublicNoticeEntry[]): string {
  return yuanText(entries.reduce((sum, e) => sum + parseYuan(e.amount), 0));
}
