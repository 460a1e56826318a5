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
const BOM = 0xfeff;

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  scan(text, text.charCodeAt(0) === BOM ? 1 : 0, 1, true, (r) => records.push(r));
  return records;
}

/**
 * The same reading over text that arrives in pieces (a request body streamed through a decoder): each
 * complete record is handed to `emit` as soon as its end has arrived, and only the unfinished record is
 * kept between pieces. A record longer than `maxRecordChars` is refused rather than buffered, so an
 * unclosed quote cannot make the reader hold the rest of the body.
 */
export class CsvStream {
  private carry = '';
  private row = 1;
  private started = false;

  constructor(
    private readonly emit: (record: CsvRecord) => void,
    private readonly maxRecordChars = 1 << 20,
  ) {}

  push(piece: string): void {
    let text = this.carry + piece;
    if (!this.started) {
      if (text.length === 0) return;
      this.started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const stop = scan(text, 0, this.row, false, this.emit);
    this.row = stop.row;
    this.carry = stop.next === 0 ? text : text.slice(stop.next);
    if (this.carry.length > this.maxRecordChars) {
      throw new CsvSyntaxError(this.row, `a record longer than ${this.maxRecordChars} characters (an unclosed quote?)`);
    }
  }

  /** The end of the text: whatever is left is the last record. */
  end(): void {
    this.row = scan(this.carry, 0, this.row, true, this.emit).row;
    this.carry = '';
  }
}

/**
 * Reads the records of `text` from `from`. With `final` the end of the text ends the last record; without
 * it, a record still open at the end (its end may be in the next piece, even a CR whose LF is) is left
 * unread and `next` says where it starts, so the caller can prepend it to the next piece.
 */
function scan(text: string, from: number, firstRow: number, final: boolean, emit: (r: CsvRecord) => void): { next: number; row: number } {
  const n = text.length;
  let row = firstRow;
  let i = from;
  let start = from;
  let fields: string[] = [];
  let blank = true;
  const unfinished = () => ({ next: start, row });

  const endRecord = () => {
    if (!(blank && fields.length === 1 && fields[0] === '')) emit({ row, fields });
    row++;
    fields = [];
    blank = true;
  };

  if (i >= n) return { next: n, row };
  for (;;) {
    // One field starts at i.
    if (text.charCodeAt(i) === QUOTE) {
      blank = false;
      let value = '';
      let at = i + 1;
      for (;;) {
        const q = text.indexOf('"', at);
        if (q < 0) {
          if (!final) return unfinished();
          throw new CsvSyntaxError(row, 'a quoted field is not closed');
        }
        // A quote at the very end may be the first of a doubled quote whose second is in the next piece.
        if (q + 1 >= n && !final) return unfinished();
        value += text.slice(at, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          at = q + 2;
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
      if (j >= n && !final) return unfinished();
      if (j > i) blank = false;
      fields.push(text.slice(i, j));
      i = j;
    }
    // After a field: a comma, a record end, or the end of the text (only when final).
    if (i >= n) {
      endRecord();
      return { next: n, row };
    }
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      blank = false;
      i++;
      if (i >= n) {
        if (!final) return unfinished();
        fields.push('');
        endRecord();
        return { next: n, row };
      }
      continue;
    }
    if (c === CR || c === LF) {
      if (c === CR && i + 1 >= n && !final) return unfinished();
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      endRecord();
      start = i;
      if (i >= n) return { next: n, row };
      continue;
    }
    throw new CsvSyntaxError(row, 'unexpected text after a closing quote; a quoted field must end at a comma or line end');
  }
}
