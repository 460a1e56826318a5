import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/invoices/ofd/layout/table.js';
import { glyphAdvance, type TextRun } from '../../src/invoices/ofd/text-run.js';

/**
 * The OFD item table with 数量 right-aligned against its cell's right edge and 单价 left-aligned at the
 * same edge, one space apart ('149 88.96'), written as one TextCode or as two: each figure lands in its
 * own column. Positions in millimetres as OFD pages give them (数电 OFD form, 3.2 mm text).
 */
const SIZE = 3.2;
const width = (text: string) => [...text].reduce((w, ch) => w + glyphAdvance(ch, SIZE), 0);
const run = (text: string, x0: number, baseline: number, x1 = x0 + width(text)): TextRun => ({
  page: 0, objectId: null, text, x0, x1, baseline, yMin: baseline - SIZE, yMax: baseline, size: SIZE, fromTemplate: false,
});

// Header centred in its cells; the edge between the 数量 and 单价 cells is at x = 105 mm.
const EDGE = 105;
const header = [run('项目名称', 16, 56), run('规格型号', 42, 56), run('单位', 67, 56), run('数量', 92, 56), run('单价', 118, 56), run('金额', 143, 56), run('税率/征收率', 160, 56), run('税额', 194, 56)];
const tail = (y: number) => [run('13255.04', 157 - width('13255.04'), y), run('6%', 170, y), run('795.30', 205 - width('795.30'), y)];
const total = [run('合计', 20, 90), run('13255.04', 157 - width('13255.04'), 90), run('795.30', 205 - width('795.30'), 90)];
// A space in a proportional font is about a fifth of the size, narrower than the glyph-advance estimate.
const SPACE = 0.22 * SIZE;

describe('adjacent 数量 and 单价 cells in an OFD item table', () => {
  it('one TextCode "149 88.96" is read as quantity 149 and unit price 88.96', () => {
    const text = '149 88.96';
    const line = [run('*信息技术服务*算力', 5, 62), run('小时', 66, 62), run(text, EDGE - width('149') - width(' ') / 2, 62), ...tail(62)];
    const table = readTable([...header, ...line, ...total]);
    expect(table?.rows).toEqual([{ name: '*信息技术服务*算力', unit: '小时', quantity: '149', unitPrice: '88.96', amount: '13255.04', taxRate: '6%', tax: '795.30' }]);
  });

  it('two TextCodes a word space apart are not joined into one figure', () => {
    const line = [run('*信息技术服务*算力', 5, 62), run('149', EDGE - SPACE / 2 - width('149'), 62), run('88.96', EDGE + SPACE / 2, 62), ...tail(62)];
    const table = readTable([...header, ...line, ...total]);
    expect(table?.rows[0]).toMatchObject({ quantity: '149', unitPrice: '88.96', amount: '13255.04' });
  });

  it('pieces of one figure printed flush stay one figure', () => {
    const line = [run('*信息技术服务*算力', 5, 62), run('14', 95, 62), run('9', 95 + width('14'), 62), run('88.96', 120, 62), ...tail(62)];
    expect(readTable([...header, ...line, ...total])?.rows[0]).toMatchObject({ quantity: '149', unitPrice: '88.96' });
  });
});
