import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvSyntaxError, parseCsv } from '../../src/services/statements/csv.js';

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and CRLF or LF records', () => {
    expect(fieldsOf('a,b,c\r\n1,2,3\r\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(fieldsOf('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(fieldsOf('x,"GPU, A100","say ""hi""","two\r\nlines"\r\n')).toEqual([['x', 'GPU, A100', 'say "hi"', 'two\r\nlines']]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fieldsOf('a,,c,\n,,,\n')).toEqual([['a', '', 'c', ''], ['', '', '', '']]);
    expect(fieldsOf('a,""\n')).toEqual([['a', '']]);
  });

  it('ignores a BOM and blank records, but counts rows as a spreadsheet does', () => {
    const records = parseCsv('\ufeffh1,h2\r\n\r\n1,2\r\n');
    expect(records).toEqual([{ row: 1, fields: ['h1', 'h2'] }, { row: 3, fields: ['1', '2'] }]);
  });

  it('numbers rows by record, so a quoted line break does not shift them', () => {
    const records = parseCsv('h\n"a\nb"\nc\n');
    expect(records.map((r) => r.row)).toEqual([1, 2, 3]);
  });

  it('refuses an unclosed quote, a stray quote and text after a closing quote, naming the row', () => {
    const rowOf = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        if (e instanceof CsvSyntaxError) return e.row;
      }
      return null;
    };
    expect(rowOf('h\n1\n"open')).toBe(3);
    expect(rowOf('h\nab"c\n')).toBe(2);
    expect(rowOf('h\n"a"b\n')).toBe(2);
  });

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ',', '"', '\n', '\r', ' ', '算') });
    const table = fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(fieldsOf(text)).toEqual(rows);
      }),
    );
  });
});
