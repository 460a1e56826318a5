import type { PublicNotice } from '../services/notices/public-notices.js';
import { ENTRY_HEADER, entryCells, NOTICE_TITLE, noticeHeading, noticeIntro, noticePeriod, noticeTotal, objectionHowTo } from './notice-words.js';
import { PdfWriter } from './pdf-writer.js';

/** A public notice as a PDF: the same words and list as its web page. */
export function noticePdf(n: PublicNotice, contact: string): Promise<Buffer> {
  const w = new PdfWriter({ title: noticeHeading(n), subject: NOTICE_TITLE });
  w.title(NOTICE_TITLE);
  w.paragraph(noticeIntro(n), { indent: true });
  w.paragraph(noticePeriod(n), { indent: true });
  w.table(ENTRY_HEADER, n.entries.map(entryCells), [0.6, 1.6, 3, 2.6, 0.8, 1.8]);
  w.paragraph(`拟支持金额合计：${noticeTotal(n.entries)}`);
  w.heading('异议方式');
  w.paragraph(objectionHowTo(n, contact), { indent: true });
  w.paragraph('福建省工业和信息化厅', { size: 11 });
  w.paragraph(n.startsOn, { size: 11 });
  return w.finish();
}
