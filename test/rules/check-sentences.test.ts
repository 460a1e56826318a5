import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvoice, type CheckContext, type InvoiceCheck } from '../../src/invoices/checks.js';
import type { InvoiceFields } from '../../src/invoices/fields.js';
import { BREAK_CODES, breakText } from '../../src/recon/break-words.js';
import { reconcile } from '../../src/recon/index.js';
import { worldArb } from '../recon/arbitraries.js';
import { E1, E2, P1, invoice, line, run } from '../recon/support.js';

const HAN = /[\u4e00-\u9fff]/;
/** JSON, English words of the code's detail, booleans, nulls and undefined values must not leak into a sentence. */
const LEAK = /[{}"]|_[a-z]|[A-Z]{2,}_|\b(true|false|null|undefined|NaN)\b|[a-z]{4,}/;

function expectSentence(text: string | undefined, what: string): void {
  expect(text, what).toMatch(HAN);
  expect(text, `${what}: ${text}`).not.toMatch(LEAK);
}

const FIELDS: InvoiceFields = {
  style: 'digital', kind: 'special', title: '电子发票（增值税专用发票）', invoiceCode: null, invoiceNumber: '26352000000000000001',
  issueDate: '2026-06-01', checkCode: null, buyer: { name: '福州星算科技有限公司', taxId: E1 }, seller: { name: '福州智算服务有限公司', taxId: P1 },
  items: [
    { name: '*信息技术服务*GPU 算力租赁', spec: null, unit: '小时', quantity: '100', unitPrice: '600', amount: '60000.00', taxRate: '6%', tax: '3600.00' },
    { name: '*信息技术服务*GPU 算力租赁', spec: null, unit: '小时', quantity: '100', unitPrice: '600', amount: '60000.00', taxRate: '6%', tax: '3600.00' },
  ],
  totalAmount: '120000.00', totalTax: '7200.00', totalWithTax: '127200.00', totalWithTaxChinese: '壹拾贰万柒仟贰佰圆整',
  isRed: false, originalInvoiceNumber: null, originalInvoiceCode: null, remarks: null, issuer: null, pages: 1,
};
const CTX: CheckContext = { uploaderUscc: E1, sellerIsRegisteredProvider: true, lineTaxTolerance: 6, window: { from: '2026-01-01', to: '2028-12-31' }, duplicates: [] };

const byCode = (checks: InvoiceCheck[], code: string) => checks.find((c) => c.code === code)!;

describe('invoice checks read as Chinese sentences', () => {
  it('when every check passes, each says what it compared', () => {
    const checks = checkInvoice(FIELDS, { ...CTX, signature: { status: 'valid', code: null } as never });
    expect(checks.map((c) => c.outcome)).toEqual(checks.map(() => 'pass'));
    for (const c of checks) expectSentence(c.text, c.code);
    expect(byCode(checks, 'UPPERCASE_TOTAL').text).toBe('大写金额「壹拾贰万柒仟贰佰圆整」与小写价税合计 127,200.00 元一致');
    expect(byCode(checks, 'NET_PLUS_TAX').text).toBe('金额 120,000.00 元加税额 7,200.00 元等于价税合计 127,200.00 元');
    expect(byCode(checks, 'ITEMS_SUM').text).toBe('2 行明细金额合计 120,000.00 元，与发票金额 120,000.00 元一致');
    expect(byCode(checks, 'LINE_TAX').text).toBe('2 行明细的金额乘以税率均与税额相符（允许 0.06 元以内的尾差）');
    expect(byCode(checks, 'BUYER_IS_UPLOADER').text).toBe(`购买方纳税人识别号 ${E1} 即上传发票的企业`);
  });

  it('when every check fails, each says by how much and why', () => {
    const bad: InvoiceFields = {
      ...FIELDS, buyer: { name: '别家公司', taxId: E2 }, issueDate: '2025-12-31', totalTax: '7000.00', totalWithTaxChinese: '壹拾贰万圆整',
      items: [{ ...FIELDS.items[0]!, tax: '3000.00' }, { ...FIELDS.items[1]!, amount: '50000.00' }],
    };
    const checks = checkInvoice(bad, {
      ...CTX, sellerIsRegisteredProvider: false, duplicates: [{ invoiceId: 'inv_other', enterpriseUscc: E2 }],
      signature: { status: 'invalid', code: 'DIGEST_MISMATCH' } as never,
    });
    expect(checks.map((c) => c.outcome)).toEqual(checks.map(() => 'fail'));
    for (const c of checks) {
      expectSentence(c.text, c.code);
      // The internal id of the other copy is not the enterprise's business.
      expect(c.text).not.toContain('inv_other');
    }
    expect(byCode(checks, 'UPPERCASE_TOTAL').text).toBe('大写金额「壹拾贰万圆整」为 120,000.00 元，与小写价税合计 127,200.00 元不一致');
    expect(byCode(checks, 'NET_PLUS_TAX').text).toBe('金额 120,000.00 元加税额 7,000.00 元为 127,000.00 元，与价税合计 127,200.00 元不一致');
    expect(byCode(checks, 'ITEMS_SUM').text).toBe('2 行明细金额合计 110,000.00 元，与发票金额 120,000.00 元相差 -10,000.00 元');
    expect(byCode(checks, 'LINE_TAX').text).toBe('第 1 行金额 60000.00 元按税率 6% 计算与税额 3000.00 元不符；第 2 行金额 50000.00 元按税率 6% 计算与税额 3600.00 元不符，超过允许的 0.06 元尾差');
    expect(byCode(checks, 'BUYER_IS_UPLOADER').text).toContain(`不是上传发票的企业 ${E1}`);
    expect(byCode(checks, 'ISSUE_DATE_IN_WINDOW').text).toBe('开票日期 2025-12-31 不在政策覆盖的 2026-01-01 至 2028-12-31 之间');
    expect(byCode(checks, 'DUPLICATE').text).toBe('同一张发票已由其他企业上传（1 份），已转交人工核查');
    expect(byCode(checks, 'SIGNATURE').text).toBe('发票文件的电子签章验证未通过：签章后文件内容被改动过');
  });

  it('when a check cannot be made, it says so', () => {
    const checks = checkInvoice({ ...FIELDS, totalWithTaxChinese: null, items: [], totalTax: '***' }, { ...CTX, signature: { status: 'unverifiable', code: 'CERTIFICATE_NOT_HELD' } as never });
    for (const c of checks) expectSentence(c.text, `${c.code} ${c.outcome}`);
    expect(byCode(checks, 'UPPERCASE_TOTAL')).toMatchObject({ outcome: 'skipped', text: '票面没有大写金额，未核对大写与小写是否一致' });
    expect(byCode(checks, 'ITEMS_SUM')).toMatchObject({ outcome: 'skipped', text: '票面没有明细行，未核对明细合计' });
    expect(byCode(checks, 'LINE_TAX').outcome).toBe('skipped');
    expect(byCode(checks, 'NET_PLUS_TAX').text).toContain('无法核对');
    expect(byCode(checks, 'SIGNATURE').text).toContain('暂时无法验证');
  });
});

describe('reconciliation breaks read as Chinese sentences', () => {
  it('every break code has a sentence of its own', () => {
    const seen = new Set<string>();
    for (const code of BREAK_CODES) {
      const text = breakText(code, {});
      expectSentence(text, code);
      expect(seen.has(text), `${code} shares its sentence with another code`).toBe(false);
      seen.add(text);
    }
  });

  it('on every break the engine raises for any world of invoices and lines, naming no internal id', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(worldArb, (world) => {
        const result = reconcile(world);
        const ids = world.invoices.map((x) => x.id);
        for (const b of result.breaks) {
          codes.add(b.code);
          const text = breakText(b.code, b.details);
          expectSentence(text, `${b.code} ${JSON.stringify(b.details)}`);
          for (const id of ids) expect(text, b.code).not.toContain(id);
        }
      }),
      { numRuns: 200 },
    );
    // The worlds are varied enough to raise most kinds; the named cases below cover the others.
    expect(codes.size).toBeGreaterThanOrEqual(5);
  });

  it('say the figures of the break', () => {
    const x = invoice({ totalWithTax: 100_00, invoiceNumber: '26350000000000001234' });
    const amount = run([x], [line(x, { amount: 90_00 })]).breaks.find((b) => b.code === 'AMOUNT_MISMATCH')!;
    expect(breakText(amount.code, amount.details)).toBe('1 张发票合计 100.00 元，与 1 个账单行合计 90.00 元相差 10.00 元，超过允许的 0.00 元误差');
    const y = invoice({ invoiceNumber: '26350000000000005678' });
    const buyer = run([y], [line(y, { customerUscc: E2 })]).breaks.find((b) => b.code === 'BUYER_MISMATCH')!;
    expect(breakText(buyer.code, buyer.details)).toBe(`发票 26350000000000005678 的购买方 ${E1} 与账单所列客户 ${E2} 不一致，不能相互核验`);
    const unmatched = run([x], []).breaks.find((b) => b.code === 'INVOICE_UNMATCHED')!;
    expect(breakText(unmatched.code, unmatched.details)).toMatch(/^发票 26350000000000001234（\d{4}-\d{2}-\d{2} 开具，价税合计 100\.00 元）在算力服务商的账单中没有找到对应的账单行/);
    const storage = run([y], [line(y, { serviceType: 'storage' })]).breaks.find((b) => b.code === 'SERVICE_NOT_INTELLIGENT')!;
    expect(breakText(storage.code, storage.details)).toBe('账单行的服务类型为存储，不属于可补助的智能算力服务（GPU 算力、NPU 算力、AI 加速卡算力），不计入');
  });
});
