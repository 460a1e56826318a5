import { describe, expect, it } from 'vitest';
import { noticePdf } from '../../src/documents/notice-pdf.js';
import type { PublicNotice } from '../../src/services/notices/public-notices.js';
import { baseFonts, pdfText } from './pdf-text.js';

const NOTICE: PublicNotice = {
  id: 'ntc_x', startsOn: '2026-09-28', endsOn: '2026-10-09', workingDays: 5, state: 'open', count: 2, objectionDeadline: '2026-10-09',
  entries: [
    { number: '2026-FZ-00001', unit: '福州具身智能有限公司', type: 'product', tier: null, amount: '500000.00' },
    { number: '2026-XM-00002', unit: '厦门智能终端有限公司', type: 'enterprise', tier: 'A', amount: '3000000.00' },
  ],
};

describe('the notice PDF', () => {
  it('carries the list, the period in working days and how to object, in Chinese text a PDF reader extracts', async () => {
    const pdf = await noticePdf(NOTICE, '福建省工业和信息化厅异议受理窗口');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    for (const s of [
      '福建省人工智能项目拟支持名单公示',
      '福州具身智能有限公司', '人工智能优质产品奖励', '500,000.00 元',
      '厦门智能终端有限公司', '人工智能优质企业奖励', 'A 档', '3,000,000.00 元',
      '合计：3,500,000.00 元',
      '公示期为 5 个工作日，自 2026-09-28 起至 2026-10-09 止',
      '请于 2026-10-09（公示期最后一个工作日）前以书面形式向福建省工业和信息化厅异议受理窗口提出',
    ]) expect(text.replace(/ (?=[\u4e00-\u9fff，（）：])|(?<=[\u4e00-\u9fff，（）：]) /g, ''), s).toContain(s.replace(/ (?=[\u4e00-\u9fff，（）：])|(?<=[\u4e00-\u9fff，（）：]) /g, ''));
  });

  it('embeds a subset of the npm Noto Sans SC and names no system font', async () => {
    const pdf = await noticePdf(NOTICE, '福建省工业和信息化厅');
    const fonts = baseFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    // A subset's name carries a six-letter tag; the whole 10 MB font is never embedded.
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+NotoSansSC/);
    expect(Buffer.from(pdf).toString('latin1')).toContain('/FontFile2');
    expect(pdf.length).toBeLessThan(400_000);
  });
});
