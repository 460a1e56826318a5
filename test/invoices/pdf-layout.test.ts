import { describe, expect, it } from 'vitest';
import { readTitle } from '../../src/invoices/pdf/header-fields.js';
import { columnAt, readHeaderColumns, type Column } from '../../src/invoices/pdf/item-columns.js';
import { blockToItem, groupItemLines, toRowLine } from '../../src/invoices/pdf/item-rows.js';
import { findLabelsOnLine, splitLabelRuns } from '../../src/invoices/pdf/labels.js';
import { groupLines, type Line } from '../../src/invoices/pdf/lines.js';
import { findMarkers } from '../../src/invoices/pdf/markers.js';
import { PageLayout } from '../../src/invoices/pdf/page-layout.js';
import { readParties } from '../../src/invoices/pdf/parties.js';
import { readRemarks } from '../../src/invoices/pdf/remarks.js';
import { joinRuns, toRuns, type Run } from '../../src/invoices/pdf/runs.js';
import { textWidth } from './pdf-templates.js';

/** A run whose width follows the text (CJK one glyph wide, ASCII half). */
const run = (text: string, x0: number, y: number, size = 9): Run => ({ text, x0, x1: x0 + textWidth(text, size), y, size });
const line = (...runs: Run[]): Line => ({ y: runs[0]!.y, size: runs[0]!.size, runs: [...runs].sort((a, b) => a.x0 - b.x0) });
const page = (runs: Run[]) => new PageLayout({ pageNumber: 1, width: 600, height: 400, runs });
const vertical = (word: string, x: number, top: number, step: number): Run[] => [...word].map((ch, i) => run(ch, x, top + i * step));

describe('runs from pdf.js text items', () => {
  const flip = [1, 0, 0, -1, 0, 400];
  it('flips y to reading order, applies NFKC and drops blanks and rotated seal glyphs', () => {
    const runs = toRuns(
      [
        { str: '2025年07月22⽇', transform: [9, 0, 0, 9, 100, 300], width: 63 },
        { str: '（小写）￥１２', transform: [9, 0, 0, 9, 10, 50], width: 50 },
        { str: '   ', transform: [9, 0, 0, 9, 10, 50], width: 20 },
        { str: '监', transform: [5.71, -4.05, 4.05, 5.71, 300, 350], width: 7 },
      ],
      flip,
    );
    expect(runs).toEqual([
      { text: '2025年07月22日', x0: 100, x1: 163, y: 100, size: 9 },
      { text: '(小写)¥12', x0: 10, x1: 60, y: 350, size: 9 },
    ]);
  });

  it('joins pieces split at font changes without a space and keeps a space for real gaps', () => {
    expect(joinRuns([run('运输服务', 28.5, 10), run('*', 25, 10), run('*', 64.5, 10), run('客运服务费', 68, 10)])).toBe('*运输服务*客运服务费');
    expect(joinRuns([run('购方开户银行:江苏银行天惠支行;', 31.5, 10), run('银行账号:2334', 184.5, 10)])).toBe('购方开户银行:江苏银行天惠支行; 银行账号:2334');
  });
});

describe('lines', () => {
  it('groups runs whose baselines are close, without chaining drifting baselines', () => {
    const lines = groupLines([run('a', 0, 100), run('b', 20, 100.7), run('c', 40, 102.5), run('d', 60, 105), run('e', 0, 112.7)]);
    expect(lines.map((l) => l.runs.map((r) => r.text).join(''))).toEqual(['abc', 'd', 'e']);
  });
});

describe('labels', () => {
  it('finds letter-spaced labels split over runs', () => {
    const hits = findLabelsOnLine(line(run('名', 48.3, 10), run('称:', 93.3, 10), run('福州算力科技有限公司', 108, 10)));
    expect(hits).toEqual([{ kind: 'name', x0: 48.3, x1: 93.3 + textWidth('称:'), y: 10, size: 9 }]);
    expect(findLabelsOnLine(line(run('合', 58.2, 10), run('计', 103.5, 10))).map((h) => h.kind)).toEqual(['subtotal']);
    expect(findLabelsOnLine(line(run('地 址、', 48, 10), run('电 话:', 78, 10))).map((h) => h.kind)).toEqual(['address']);
    expect(findLabelsOnLine(line(run('收 款 人:', 30, 10), run('开 票 人:', 318, 10))).map((h) => h.kind)).toEqual(['payee', 'issuer']);
  });

  it('splits a label glued to its value, but not free text with a colon', () => {
    const texts = (r: Run) => splitLabelRuns(r).map((p) => p.text);
    expect(texts(run('称: 福州算力科技有限公司', 93, 10))).toEqual(['称:', '福州算力科技有限公司']);
    expect(texts(run('开票人:王梅', 300, 10))).toEqual(['开票人:', '王梅']);
    expect(texts(run('王梅 复核:李思', 300, 10))).toEqual(['王梅', '复核:', '李思']);
    expect(texts(run('伍拾叁圆肆角(小写)¥53.40', 190, 10))).toEqual(['伍拾叁圆肆角', '(小写)', '¥53.40']);
    expect(texts(run('购方开户银行:江苏银行天惠支行;', 31, 10))).toEqual(['购方开户银行:江苏银行天惠支行;']);
    const [label, value] = splitLabelRuns(run('发票号码:25322000000337005189', 400, 10));
    expect(value!.x0).toBeCloseTo(label!.x1);
    expect(value!.x1).toBeCloseTo(400 + textWidth('发票号码:25322000000337005189'));
  });
});

describe('stacked box titles', () => {
  it('finds 购买方 / 密码区 / 备注 written one character under the other', () => {
    const markers = findMarkers([
      ...vertical('购买方', 28.7, 101, 15.6),
      ...vertical('密码区', 351.9, 97.6, 19.6),
      ...vertical('备注', 351.3, 310, 30.2),
      run('名', 48.3, 94.5),
      run('方', 28.7, 200),
    ]);
    expect(markers.map((m) => m.kind).sort()).toEqual(['buyer', 'cipher', 'remarks']);
    expect(markers[0]).toMatchObject({ x0: 28.7, top: 101 - 9, bottom: 101 + 2 * 15.6 });
  });
});

describe('item table columns', () => {
  const legacyHeader = line(
    run('货物或应税劳务、服务名称', 44, 155), run('规格型号', 180.4, 155), run('单位', 226.7, 155), run('数 量', 275.3, 155),
    run('单 价', 343.9, 155), run('金', 423.4, 155), run('额', 441.4, 155), run('税率', 483.6, 155), run('税', 536.8, 155), run('额', 554.8, 155),
  );
  const columns = readHeaderColumns(legacyHeader);

  it('reads split and letter-spaced headers', () => {
    expect(columns.map((c) => c.key)).toEqual(['name', 'spec', 'unit', 'quantity', 'unitPrice', 'amount', 'taxRate', 'tax']);
    expect(columns.find((c) => c.key === 'amount')).toMatchObject({ x0: 423.4, x1: 450.4 });
  });

  it('reads the toll table without spec, unit, quantity or price', () => {
    const toll = readHeaderColumns(line(
      run('项目名称', 67.8, 10), run('车牌号', 180.8, 10), run('类型', 249.8, 10), run('通行日期起', 281.8, 10), run('通行日期止', 337.8, 10),
      run('金', 416.8, 10), run('额', 434.8, 10), run('税率', 479.8, 10), run('税', 530.8, 10), run('额', 548.8, 10),
    ));
    expect(toll.map((c) => c.key)).toEqual(['name', 'other', 'other', 'other', 'other', 'amount', 'taxRate', 'tax']);
  });

  it('ignores lines that are not a table header', () => {
    expect(readHeaderColumns(line(run('价税合计(大写)', 61, 10), run('金额', 200, 10)))).toEqual([]);
  });

  it('puts right-aligned numbers left of the next header and left-aligned text right of the previous one', () => {
    const key = (x0: number, x1: number, numeric: boolean) => columnAt(columns, x0, x1, numeric)?.key;
    expect(key(314.8, 319, true)).toBe('quantity'); // between 数量 and 单价
    expect(key(459.2, 478, true)).toBe('amount'); // between 金额 and 税率, nearer 税率
    expect(key(172.8, 178, false)).toBe('spec'); // '无' before 规格型号
    expect(key(575.4, 590, true)).toBe('tax'); // beyond the last header
    expect(key(27, 50, false)).toBe('name'); // before the first header
    expect(key(346.3, 390, true)).toBe('unitPrice'); // overlapping 单价
  });
});

describe('item lines', () => {
  const columns: Column[] = [
    { key: 'name', x0: 45, x1: 81 }, { key: 'spec', x0: 119, x1: 155 }, { key: 'unit', x0: 190, x1: 217 },
    { key: 'quantity', x0: 263, x1: 290 }, { key: 'unitPrice', x0: 334, x1: 361 }, { key: 'amount', x0: 406, x1: 433 },
    { key: 'taxRate', x0: 446, x1: 496 }, { key: 'tax', x0: 551, x1: 578 },
  ];
  const items = (lines: Line[]) => groupItemLines(lines.map((l) => toRowLine(l, columns))).map(blockToItem);
  const values = (y: number, amount: string, tax: string) => [run(amount, 433 - textWidth(amount), y), run('3%', 467, y), run(tax, 582 - textWidth(tax), y)];

  it('joins a wrapped name with nothing between the lines and keeps a hyphen at a line end', () => {
    const result = items([
      line(run('*公共安全设备*JTY-GD-', 12.8, 228), run('10106650', 119, 228), run('PCS', 196, 228), run('200', 277, 228), run('33.3495145631068', 297.4, 228, 8), ...values(228, '6669.90', '200.10')),
      line(run('G3X点型光电感烟火灾探', 12.8, 240.7)),
      line(run('测器', 12.8, 253.4)),
    ]);
    expect(result).toEqual([{
      name: '*公共安全设备*JTY-GD-G3X点型光电感烟火灾探测器', spec: '10106650', unit: 'PCS', quantity: '200',
      unitPrice: '33.3495145631068', amount: '6669.90', taxRate: '3%', tax: '200.10',
    }]);
  });

  it('starts a new item at a discount line repeating the name', () => {
    const result = items([
      line(run('*其他食品*食品', 12.8, 200), run('1', 285, 200), run('34.51', 340, 200), ...values(200, '34.51', '4.49')),
      line(run('*其他食品*食品', 12.8, 212), ...values(212, '-10.62', '-1.38')),
    ]);
    expect(result.map((i) => [i?.name, i?.quantity, i?.amount, i?.tax])).toEqual([
      ['*其他食品*食品', '1', '34.51', '4.49'],
      ['*其他食品*食品', null, '-10.62', '-1.38'],
    ]);
  });

  it('keeps a name wrapped above its amount line with that item', () => {
    const result = items([
      line(run('*信息技术服务*智算', 12.8, 200)),
      line(run('集群租赁', 12.8, 212), ...values(212, '100.00', '3.00')),
      line(run('服务', 12.8, 224)),
      line(run('*信息技术服务*存储', 12.8, 240), ...values(240, '50.00', '1.50')),
    ]);
    expect(result.map((i) => i?.name)).toEqual(['*信息技术服务*智算集群租赁服务', '*信息技术服务*存储']);
  });
});

describe('page layout reading', () => {
  it('stops a value at the 密码区 title and at the next label', () => {
    const layout = page([
      run('名', 48.3, 94.5), run('称:', 93.3, 94.5), run('个人', 108, 94), ...vertical('密码区', 351.9, 97.6, 19.6),
      run('0696/79+6663/1*8*0462405794', 380.8, 96, 12),
      run('名称:', 32.7, 200), run('无锡天鹏菜篮子工程有限公司', 56.7, 200), run('名称:', 317.6, 200), run('梁溪苏翼智能产品中心', 340.2, 200),
    ]);
    const names = layout.labelsOf('name');
    expect(names.map((l) => joinRuns(layout.valueRightOf(l)))).toEqual(['个人', '无锡天鹏菜篮子工程有限公司', '梁溪苏翼智能产品中心']);
  });

  it('assigns buyer and seller by their box titles, whatever the order of the runs', () => {
    const layout = page([
      run('名称:', 317.6, 103.5), run('梁溪苏翼智能产品中心', 340.2, 103.5),
      run('统一社会信用代码/纳税人识别号:', 317.4, 133.2), run('92320213MACRYAKN16', 437.9, 133.4, 12),
      ...vertical('销售方信息', 301.8, 100.6, 9.9), ...vertical('购买方信息', 16.9, 100.6, 9.9),
      run('名称:', 32.7, 103.5), run('无锡天鹏菜篮子工程有限公司', 56.7, 103.5),
      run('统一社会信用代码/纳税人识别号:', 32.5, 133.2), run('91320200796148368W', 153.1, 133.4, 12),
    ]);
    expect(readParties(layout)).toEqual({
      buyer: { name: '无锡天鹏菜篮子工程有限公司', taxId: '91320200796148368W' },
      seller: { name: '梁溪苏翼智能产品中心', taxId: '92320213MACRYAKN16' },
    });
  });

  it('falls back to position without box titles: upper box is the buyer', () => {
    const layout = page([
      run('名称:', 48, 300), run('卖方公司', 108, 300), run('纳税人识别号:', 48, 315), run('913501007617654321', 108, 315),
      run('名称:', 48, 94), run('买方公司', 108, 94), run('纳税人识别号:', 48, 109), run('91350100MA2Y3Q8X1K', 108, 109),
    ]);
    expect(readParties(layout)).toEqual({
      buyer: { name: '买方公司', taxId: '91350100MA2Y3Q8X1K' },
      seller: { name: '卖方公司', taxId: '913501007617654321' },
    });
  });

  it('reads remarks, joining a line that reaches the box edge without a space', () => {
    const layout = page([
      run('价税合计(大写)', 61, 284), run('(小写)', 448, 284), ...vertical('备注', 351, 310, 30),
      run('被红冲蓝字数电发票号码:2535200000', 370, 302), run('0123456789 订单:A1', 370, 314), run('第二行', 370, 326),
      run('税额', 510, 150), run('开票人:', 314, 364), run('王梅', 347, 364),
    ]);
    // The first remark line ends at x 518.5, the right edge of the form (税额 ends at 528).
    expect(readRemarks(layout)).toBe('被红冲蓝字数电发票号码:25352000000123456789 订单:A1 第二行');
  });

  it('takes the title from the large text containing 发票, not from labels or the 通行费 / 成品油 marks', () => {
    const layout = page([
      run('﹊﹋﹌', 94.8, 62, 16), run('成品油', 140, 39, 20), run('湖北增值税电子', 215, 39, 20), run('普通发票', 355, 39, 20),
      run('发票代码:', 432, 30), run('发票号码:', 432, 45), run('042001700112', 474, 30), run('11162913', 474, 45),
      run('开票日期:', 432, 60), run('2018年03月23日', 474, 60),
    ]);
    expect(readTitle(layout)).toBe('湖北增值税电子普通发票');
  });
});
