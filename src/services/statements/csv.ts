/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF (LF and CR alone are accepted too); a field in
 * double quotes may hold commas, line breaks and doubled quotes (""). A UTF-8 BOM is ignored. Blank
 * records are skipped but still counted, so `row` is the row number a spreadsheet shows (header = 1).
 */
export interface CsvRecord {
  row: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 1;
  let fields: string[] = [];
  let blank = true;

  const endRecord = () => {
    if (!(blank && fields.length === 1 && fields[0] === '')) records.push({ row, fields });
    row++;
    fields = [];
    blank = true;
  };

  if (i >= n) return records;
  for (;;) {
    // One field starts at i.
    if (text.charCodeAt(i) === QUOTE) {
      blank = false;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvSyntaxError(row, 'a quoted field is not closed');
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw new CsvSyntaxError(row, 'a double quote inside an unquoted field; quote the field and double the quote');
        j++;
      }
      if (j > i) blank = false;
      fields.push(text.slice(i, j));
      i = j;
    }
    // After a field: a comma, a record end, or the end of the text.
    if (i >= n) {
      endRecord();
      return records;
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      blank = false;
      i++;
      if (i >= n) {
        fields.push('');
        endRecord();
        return records;
      }
      continue;
    }
    if (c === CR || c === LF) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      endRecord();
      if (i >= n) return records;
      continue;
    }
    throw new CsvSyntaxError(row, 'unexpected text after a closing quote; a quoted field must end at a comma or line end');
  }
}
