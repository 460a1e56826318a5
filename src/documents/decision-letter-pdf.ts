import type { Letter } from './letter-words.js';
import { PdfWriter } from './pdf-writer.js';

/** 「补贴核定通知」 as a PDF: the same letter as its web page, clauses printed in full at the end. */
export function decisionLetterPdf(l: Letter): Promise<Buffer> {
  const w = new PdfWriter({ title: `${l.title} ${l.reference}`, subject: l.title });
  w.title(l.title);
  w.paragraph(l.reference, { size: 10, color: '#444' });
  w.paragraph(l.addressee);
  w.paragraph(l.opening, { indent: true });
  w.paragraph(l.amount, { size: 12 });
  w.paragraph(l.funding);
  if (l.scaling) {
    w.paragraph(l.scaling.paid, { size: 12 });
  }
  if (l.installments.length) {
    w.heading('拨付安排');
    w.items(l.installments);
  }
  if (l.reasons.length) {
    w.heading('核定理由');
    w.items(l.reasons);
  }
  w.heading('核定过程');
  w.items(l.steps);
  if (l.scaling) {
    w.heading('预算核减');
    w.items(l.scaling.steps);
  }
  if (l.exclusions.length) {
    w.heading('未计入的采购');
    w.items(l.exclusions);
  }
  w.heading('所依据的政策条款');
  for (const c of l.clauses) w.paragraph(`${c.id}　${c.text.replace(/\n/g, ' ')}`, { size: 9.5 });
  w.paragraph(l.closing, { indent: true });
  w.paragraph(l.signer);
  w.paragraph(l.date);
  return w.finish();
}
