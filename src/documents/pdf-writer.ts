import PDFDocument from 'pdfkit';
import { fontBytes } from './pdf-font.js';

/**
 * A small A4 writer over pdfkit for the service's letters and notices: headings, paragraphs and a plain
 * table, all set in the embedded Chinese font, returned as the finished file's bytes.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(info: { title: string; subject?: string }) {
    // A fixed creation date keeps the same document byte-identical from run to run.
    this.doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: info.title, Subject: info.subject ?? info.title, Creator: '福建省人工智能补贴管理', CreationDate: new Date(0) }, lang: 'zh-CN', displayTitle: true });
    this.doc.registerFont('regular', fontBytes('regular'));
    this.doc.registerFont('bold', fontBytes('bold'));
    this.doc.font('regular');
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  title(text: string): this {
    this.doc.font('bold').fontSize(18).text(text, { align: 'center' }).moveDown(0.8).font('regular');
    return this;
  }

  heading(text: string): this {
    this.doc.moveDown(0.5).font('bold').fontSize(13).text(text).moveDown(0.3).font('regular');
    return this;
  }

  paragraph(text: string, opts: { size?: number; indent?: boolean; color?: string } = {}): this {
    this.doc.fontSize(opts.size ?? 11).fillColor(opts.color ?? '#000').text(text, { indent: opts.indent ? 22 : 0, lineGap: 3, align: 'left' }).fillColor('#000').moveDown(0.3);
    return this;
  }

  /** Numbered lines, each its own paragraph. */
  items(lines: readonly string[], size = 10.5): this {
    lines.forEach((line, i) => this.paragraph(`${i + 1}. ${line}`, { size }));
    return this;
  }

  /** A table with fixed column shares of the text width; rows break across pages with the header repeated. */
  table(header: readonly string[], rows: readonly (readonly string[])[], shares: readonly number[]): this {
    const total = shares.reduce((a, b) => a + b, 0);
    const widths = shares.map((s) => (s / total) * this.width);
    const left = this.doc.page.margins.left;
    const drawRow = (cells: readonly string[], bold: boolean) => {
      this.doc.font(bold ? 'bold' : 'regular').fontSize(10);
      const heights = cells.map((cell, k) => this.doc.heightOfString(cell, { width: widths[k]! - 8 }));
      const h = Math.max(...heights) + 8;
      if (this.doc.y + h > this.doc.page.height - this.doc.page.margins.bottom) {
        this.doc.addPage();
        if (!bold) drawRow(header, true);
      }
      const y = this.doc.y;
      let x = left;
      cells.forEach((cell, k) => {
        this.doc.rect(x, y, widths[k]!, h).strokeColor('#888').lineWidth(0.5).stroke();
        this.doc.text(cell, x + 4, y + 4, { width: widths[k]! - 8 });
        x += widths[k]!;
      });
      this.doc.x = left;
      this.doc.y = y + h;
    };
    drawRow(header, true);
    for (const r of rows) drawRow(r, false);
    this.doc.font('regular').moveDown(0.5);
    return this;
  }

  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
