import { randomBytes } from 'node:crypto';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/uscc.js';
import { closeIsolatedParsers, parseInvoiceIsolated } from '../../src/invoices/sandbox/index.js';
import { fixtureBytes } from '../support/fixtures.js';
import { buildPdf } from './pdf-synthetic.js';
import { digitalInvoice, type SynthInvoice } from './pdf-templates.js';
import { expectGoodInvoiceStillParses, LIMITS } from './hostile-support.js';
import { signPdf } from './sign-pdf.js';

/**
 * Hostile signatures — huge, malformed, nested, too many — fail the signature check and never the
 * parse or the parser thread: the invoice is still read, its signature is `invalid`, and the next
 * invoice parses. Everything runs on the parser threads the service uses.
 */
// The parser threads start (and load pdf.js) before the first timed parse.
beforeAll(() => expectGoodInvoiceStillParses(), 60_000);
afterAll(() => closeIsolatedParsers());

const SELLER = completeUscc('9135020000000501');
const invoice: SynthInvoice = {
  title: '电子发票（普通发票）',
  number: '25352000000123450002',
  date: '2025年07月22日',
  buyer: { name: '福州算力科技有限公司', taxId: completeUscc('9135010000000502') },
  seller: { name: '厦门智算云服务有限公司', taxId: SELLER },
  items: [{ name: '*信息技术服务*GPU算力租赁服务', amount: '1000.00', taxRate: '6%', tax: '60.00' }],
  totalAmount: '1000.00',
  totalTax: '60.00',
  totalWithTax: '1060.00',
  words: '壹仟零陆拾圆整',
  issuer: '陈晓',
};
const pdf = buildPdf(digitalInvoice(invoice));

/** DER SEQUENCEs nested `depth` deep, definite lengths (each level's length covers the levels inside). */
function nestedDer(depth: number): Uint8Array {
  let inner = Buffer.from([0x05, 0x00]);
  for (let i = 0; i < depth; i++) {
    const n = inner.length;
    const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
    inner = Buffer.concat([Buffer.from([0x30, ...len]), inner]);
  }
  return new Uint8Array(inner);
}

/** BER SEQUENCEs nested with indefinite lengths and never closed. */
const openEnded = (depth: number) => new Uint8Array(Buffer.alloc(depth * 2, Buffer.from([0x30, 0x80])));

async function expectInvalidButRead(bytes: Uint8Array, code: string | RegExp = 'MALFORMED_SIGNATURE') {
  const started = Date.now();
  const parsed = await parseInvoiceIsolated(bytes, LIMITS);
  expect(parsed.fields.invoiceNumber).toBe(invoice.number);
  expect(parsed.signature.result.status).toBe('invalid');
  expect(parsed.signature.result.code).toMatch(code);
  expect(parsed.signature.result.detail.length).toBeLessThan(2000);
  expect(Date.now() - started).toBeLessThan(LIMITS.timeoutMs);
  await expectGoodInvoiceStillParses();
  return parsed.signature.result;
}

describe('hostile PDF signatures', () => {
  it('a signature value larger than any invoice signature (600 KB, over the 512 KB limit) is refused unread', async () => {
    const sig = await expectInvalidButRead(await signPdf(pdf, () => randomBytes(600 * 1024), 600 * 1024));
    expect(sig.detail).toMatch(/does not frame a signature value/u);
  }, 60_000);

  it('random bytes in place of the PKCS#7 signature', async () => {
    await expectInvalidButRead(await signPdf(pdf, () => randomBytes(3000)));
  }, 60_000);

  it('SEQUENCEs nested 3,000 deep (definite lengths)', async () => {
    await expectInvalidButRead(await signPdf(pdf, () => nestedDer(3000), 16 * 1024));
  }, 60_000);

  it('SEQUENCEs nested 50,000 deep, indefinite lengths never closed', async () => {
    await expectInvalidButRead(await signPdf(pdf, () => openEnded(50_000), 100 * 1024));
  }, 60_000);

  it('a length field claiming 4 GB', async () => {
    await expectInvalidButRead(await signPdf(pdf, () => Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x06, 0x09])));
  }, 60_000);

  it('a thousand signature dictionaries: at most eight are read', async () => {
    const text = Buffer.from(pdf).toString('latin1');
    const junk = Array.from({ length: 1000 }, (_, i) => `% /ByteRange [0 ${10 + i} ${20 + i} 5] \n`).join('');
    const at = text.indexOf('\nxref\n') + 1;
    const many = Buffer.from(text.slice(0, at) + junk + text.slice(at).replace(/startxref\s+\d+/u, `startxref\n${at + junk.length}`), 'latin1');
    const sig = await expectInvalidButRead(new Uint8Array(many));
    expect(sig.count).toBeLessThanOrEqual(8);
  }, 60_000);
});

function withPart(ofd: Uint8Array, path: string, bytes: Uint8Array): Uint8Array {
  const files = unzipSync(ofd);
  if (!files[path]) throw new Error(`no part ${path}`);
  files[path] = new Uint8Array(bytes);
  return zipSync(files);
}

describe('hostile OFD seals', () => {
  const sealed = fixtureBytes('ofdrw__ofdrw/1.ofd');
  const value = 'Doc_0/Signs/Sign_0/SignedValue.dat';
  const expectSealInvalid = async (bytes: Uint8Array) => {
    const parsed = await parseInvoiceIsolated(bytes, LIMITS);
    expect(parsed.fields.invoiceNumber).not.toBeNull();
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', code: 'MALFORMED_SIGNATURE', kind: 'ofd-ses' });
    await expectGoodInvoiceStillParses();
  };

  it.each([
    ['random bytes', () => randomBytes(4096)],
    ['SEQUENCEs nested 3,000 deep', () => nestedDer(3000)],
    ['indefinite lengths nested 50,000 deep', () => openEnded(50_000)],
    ['a 2 MB value', () => randomBytes(2 * 1024 * 1024)],
  ])('a seal value of %s', async (_, make) => {
    await expectSealInvalid(withPart(sealed, value, new Uint8Array(make())));
  }, 60_000);

  it('a signature list of 5,000 entries: at most eight are checked', async () => {
    const list = `<?xml version="1.0" encoding="UTF-8"?><ofd:Signatures xmlns:ofd="http://www.ofdspec.org/2016">${'<ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/>'.repeat(5000)}</ofd:Signatures>`;
    const bytes = withPart(sealed, 'Doc_0/Signs/Signatures.xml', new TextEncoder().encode(list));
    const parsed = await parseInvoiceIsolated(bytes, LIMITS);
    expect(parsed.signature.result.count).toBe(8);
    expect(parsed.signature.result.status).toBe('valid');
  }, 60_000);
});

describe('hostile 数电 XML signatures', () => {
  const file = 'erma0__fapiao-print/无锡市安协安全培训中心_25322000000365404822_250.00.xml';
  const text = Buffer.from(fixtureBytes(file)).toString('utf8');
  const withValue = (value: string) => new TextEncoder().encode(text.replace(/<SignatureValue>[^<]*<\/SignatureValue>/u, `<SignatureValue>${value}</SignatureValue>`));

  it.each([
    ['hex of random bytes', () => randomBytes(2000).toString('hex')],
    ['hex of SEQUENCEs nested 3,000 deep', () => Buffer.from(nestedDer(3000)).toString('hex')],
    ['a megabyte of hex', () => 'AB'.repeat(512 * 1024)],
    ['no hex at all', () => '这不是签名'],
  ])('a signature value of %s', async (_, make) => {
    const parsed = await parseInvoiceIsolated(withValue(make()), LIMITS);
    expect(parsed.fields.invoiceNumber).toBe('25322000000365404822');
    expect(parsed.signature.result).toMatchObject({ status: 'invalid', kind: 'xml-tax-bureau' });
    await expectGoodInvoiceStillParses();
  }, 60_000);
});
