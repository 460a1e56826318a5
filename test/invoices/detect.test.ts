import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/invoices/detect.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/invoices/', import.meta.url));
const ascii = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  it('recognises the fixtures by content', () => {
    expect(detectFormat(readFileSync(`${fixtures}ljfdufe__fapiao-print/7.22底座.pdf`))).toBe('pdf');
    expect(detectFormat(readFileSync(`${fixtures}ofdrw__ofdrw/1.ofd`))).toBe('ofd');
    expect(detectFormat(readFileSync(`${fixtures}erma0__fapiao-print/无锡市安协安全培训中心_25322000000365404822_250.00.xml`))).toBe('xml');
  });

  it('recognises PDF by %PDF-', () => {
    expect(detectFormat(ascii('%PDF-1.7\n%…'))).toBe('pdf');
  });

  it('recognises XML with a BOM, white space, or no declaration', () => {
    expect(detectFormat(new Uint8Array([0xef, 0xbb, 0xbf, ...ascii('<?xml version="1.0"?><EInvoice/>')]))).toBe('xml');
    expect(detectFormat(ascii('\n  <EInvoice><Header/></EInvoice>'))).toBe('xml');
  });

  it('accepts a zip only when it holds OFD.xml', () => {
    expect(detectFormat(zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>') }))).toBe('ofd');
    expect(detectFormat(zipSync({ 'word/document.xml': strToU8('<w/>') }))).toBeNull();
  });

  it('returns null for anything else', () => {
    expect(detectFormat(ascii('GIF89a'))).toBeNull();
    expect(detectFormat(ascii('<html><body>invoice</body></html>'))).toBeNull();
    expect(detectFormat(new Uint8Array(0))).toBeNull();
    expect(detectFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
  });
});
