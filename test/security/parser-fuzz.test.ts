import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/invoices/detect.js';
import { InvoiceFields, InvoiceParseError } from '../../src/invoices/fields.js';
import { parseOfdInvoice } from '../../src/invoices/ofd/index.js';
import { parsePdfInvoice } from '../../src/invoices/pdf/index.js';
import { parseXmlInvoice } from '../../src/invoices/xml/index.js';
import { cleanAmountWords, normalizeAmount, normalizeTaxId, parseInvoiceDate, parseRedInvoiceRemark, normalizePrintedRate } from '../../src/invoices/common/index.js';
import { ServiceError } from '../../src/services/errors.js';
import { httpStatus } from '../../src/http/problem.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { csvStatement, CSV_COLUMNS } from '../../src/services/statements/csv-statement.js';
import { jsonStatement } from '../../src/services/statements/json-statement.js';
import { validateStatement } from '../../src/services/statements/validate-statement.js';
import { FastLineCheck } from '../../src/services/statements/fast-line-check.js';
import { StatementLineInput } from '../../src/services/statements/statement-input.js';
import { allFixtureCases, FIXTURES, usableFixtureCases } from '../support/fixtures.js';
import { tally } from '../support/tally.js';
import { craftedOfd, craftedXml, mutatedBytes, randomFile, statementLine } from './fuzz-inputs.js';

/**
 * Every parser, called directly (no sandbox to hide what it throws), on mutated real invoices, random
 * bytes and crafted hostile files: the result is either parsed fields that satisfy the field schema or the
 * parser's own InvoiceParseError, within a time bound. Anything else (a TypeError, a RangeError, a hang)
 * is a parser bug. Statement bodies get the same treatment with a 4xx ServiceError as the typed refusal.
 */
// A new seed each run widens what is tried over time; a failure prints its seed, and FUZZ_SEED replays it.
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const runs = (n: number) => ({ numRuns: n, seed: SEED, endOnFailure: true });
const PARSERS = { pdf: parsePdfInvoice, ofd: parseOfdInvoice, xml: parseXmlInvoice } as const;

const refused = new Map<string, number>();
let outcomes = 0;

/** Runs a parser; returns 'parsed' or the refusal code; fails on anything but InvoiceParseError or on slowness. */
async function outcome(what: string, parse: () => unknown, maxMs: number): Promise<string> {
  outcomes++;
  const started = performance.now();
  try {
    const fields = await parse();
    InvoiceFields.parse(fields);
    return 'parsed';
  } catch (err) {
    if (!(err instanceof InvoiceParseError)) {
      throw new Error(`${what}: the parser threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}, not an InvoiceParseError`);
    }
    expect(err.code).toMatch(/^[A-Z][A-Z0-9_]+$/u);
    refused.set(what, (refused.get(what) ?? 0) + 1);
    return err.code;
  } finally {
    expect(performance.now() - started, `${what} took too long`).toBeLessThan(maxMs);
  }
}

/** What the format detector routes a file to, called directly as parseInvoice would. */
function dispatch(bytes: Uint8Array): () => unknown {
  const format = detectFormat(bytes);
  if (format === null) return () => { throw new InvoiceParseError('UNSUPPORTED_FORMAT', 'not an invoice'); };
  return () => PARSERS[format](bytes);
}

afterAll(() => {
  // Kinds of mutation are folded into one line per file type, to keep the printed summary short.
  const byKind = new Map<string, number>();
  for (const [what, n] of refused) {
    const kind = what.replace(/ \(.*\)$/u, '');
    byKind.set(kind, (byKind.get(kind) ?? 0) + n);
  }
  for (const [kind, n] of byKind) tally('badInput', `parser: ${kind}`, n);
});

describe('invoice parsers under fuzzing', () => {
  it('mutated real XML invoices parse or are refused with a coded error', async () => {
    const bases = usableFixtureCases('.xml').map((c) => c.bytes);
    await fc.assert(fc.asyncProperty(mutatedBytes(bases), async ({ how, bytes }) => {
      await outcome(`mutated XML (${how})`, () => parseXmlInvoice(bytes), 2000);
    }), runs(400));
  });

  it('mutated real OFD invoices parse or are refused with a coded error', async () => {
    // Every OFD, the sanitised one too: mutation needs real bytes, not its expected fields.
    const bases = allFixtureCases('.ofd').map((c) => c.bytes);
    await fc.assert(fc.asyncProperty(mutatedBytes(bases), async ({ how, bytes }) => {
      await outcome(`mutated OFD (${how})`, () => parseOfdInvoice(bytes), 5000);
    }), runs(250));
  });

  it('mutated real PDF invoices, legacy and 数电, parse or are refused with a coded error', async () => {
    const bases = allFixtureCases('.pdf').map((c) => c.bytes);
    await fc.assert(fc.asyncProperty(mutatedBytes(bases), async ({ how, bytes }) => {
      await outcome(`mutated PDF (${how})`, () => parsePdfInvoice(bytes), 15000);
    }), runs(20));
  }, 90_000);

  it('the 数电 PDF, mutated, parses or is refused with a coded error', async () => {
    const digital = allFixtureCases('.pdf').filter((c) => c.expected.style === 'digital').map((c) => c.bytes);
    expect(digital.length).toBeGreaterThan(0);
    await fc.assert(fc.asyncProperty(mutatedBytes(digital), async ({ how, bytes }) => {
      await outcome(`mutated 数电 PDF (${how})`, () => parsePdfInvoice(bytes), 15000);
    }), runs(10));
  }, 90_000);

  it('random bytes behind every magic number are refused with a coded error', async () => {
    await fc.assert(fc.asyncProperty(randomFile, async (bytes) => {
      const code = await outcome('random bytes', dispatch(bytes), 5000);
      expect(code).not.toBe('parsed');
    }), runs(300));
  });

  it('crafted OFD packages (traversal names, missing parts, bombs, DTDs) are refused', async () => {
    await fc.assert(fc.asyncProperty(craftedOfd, async ({ how, bytes }) => {
      const code = await outcome(how, () => parseOfdInvoice(bytes), 5000);
      // None of these packages holds an invoice, so none may come out as one.
      expect(code).not.toBe('parsed');
    }), runs(100));
  });

  it('XML with DTDs, entities, external references or deep nesting never resolves them', async () => {
    const template = readFileSync(new URL('erma0__fapiao-print/安元科技股份有限公司_26322000004478296111_20670.00.xml', FIXTURES), 'utf8');
    await fc.assert(fc.asyncProperty(craftedXml(template), async ({ how, text, hasDtd }) => {
      const code = await outcome(how, () => parseXmlInvoice(new TextEncoder().encode(text)), 2000);
      // Refused for its DTD, or earlier for an encoding it lies about; never read with the entity expanded.
      if (hasDtd) expect(['XML_DTD_FORBIDDEN', 'BAD_ENCODING']).toContain(code);
    }), runs(300));
  });

  it('the text helpers take any string without throwing', () => {
    let refused = 0;
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'grapheme' }), (s) => {
      for (const f of [cleanAmountWords, normalizeAmount, normalizeTaxId, parseInvoiceDate, parseRedInvoiceRemark, normalizePrintedRate]) {
        const r = f(s);
        expect(r === null || typeof r === 'string' || typeof r === 'object').toBe(true);
        // A helper refuses text it cannot read by answering null.
        if (r === null) refused++;
      }
    }), runs(500));
    tally('badInput', 'parser: random text a field helper refused (null)', refused);
  });
});

describe('statement bodies under fuzzing', () => {
  const USCC = completeUscc('91350100MA2Y0U1K4');
  const period = { periodStart: '2026-03-01', periodEnd: '2026-03-31' };

  /** A statement is validated whole or refused with a 4xx ServiceError; validated money is integer fen. */
  function check(what: string, run: () => ReturnType<typeof validateStatement>): 'accepted' | 'refused' {
    outcomes++;
    try {
      const v = run();
      for (const line of v.lines) expect(Number.isSafeInteger(line.amount), `${what}: amount ${line.amount}`).toBe(true);
      return 'accepted';
    } catch (err) {
      if (!(err instanceof ServiceError) || httpStatus(err) < 400 || httpStatus(err) >= 500) {
        throw new Error(`${what}: threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      }
      refused.set(what, (refused.get(what) ?? 0) + 1);
      return 'refused';
    }
  }

  it('JSON statements with bad lines are refused whole, with every bad line named', () => {
    fc.assert(fc.property(fc.array(statementLine(USCC), { maxLength: 20 }), fc.boolean(), (lines, withPeriod) => {
      const body = JSON.stringify(withPeriod ? { ...period, lines } : { lines });
      const verdict = check('statement JSON with bad lines', () => validateStatement(jsonStatement(body)));
      const allGood = withPeriod && lines.every((l) => StatementLineInput.safeParse(l).success) && new Set(lines.map((l) => (l as { lineId: string }).lineId)).size === lines.length;
      expect(verdict).toBe(allGood ? 'accepted' : 'refused');
    }), runs(400));
  });

  it('broken JSON text is refused as malformed', () => {
    const good = JSON.stringify({ ...period, lines: [{ lineId: 'L-1', customerUscc: USCC, issueDate: '2026-03-01', amount: '1.00', serviceType: 'gpu_compute' }] });
    fc.assert(fc.property(fc.nat({ max: good.length - 1 }), fc.string({ maxLength: 5 }), (cut, junk) => {
      const text = good.slice(0, cut) + junk;
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const verdict = check('statement JSON cut short', () => validateStatement(jsonStatement(text)));
      if (!valid) expect(verdict).toBe('refused');
    }), runs(300));
  });

  it('CSV statements with bad rows, quotes and columns are refused whole', () => {
    const header = CSV_COLUMNS.join(',');
    const cell = fc.oneof(fc.constantFrom('', '"', '""', '"a,b"', '1000.00', '1e3', USCC, 'gpu_compute', '2026-03-01', '\r', '\n', '=cmd|x'), fc.string({ maxLength: 12 }));
    const row = fc.array(cell, { minLength: 0, maxLength: CSV_COLUMNS.length + 2 }).map((cells) => cells.join(','));
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), fc.boolean(), (rows, withHeader) => {
      const text = [...(withHeader ? [header] : []), ...rows].join('\n');
      check('statement CSV with bad rows', () => validateStatement(csvStatement(text, period)));
    }), runs(400));
  });

  it('the fast line check never accepts what the line schema refuses', () => {
    fc.assert(fc.property(statementLine(USCC), (line) => {
      if (new FastLineCheck().ok(line)) expect(StatementLineInput.safeParse(line).success).toBe(true);
    }), runs(1000));
  });

  afterAll(() => {
    // Every outcome above was either a parse result or a typed refusal; none was an unhandled throw.
    expect(outcomes).toBeGreaterThan(0);
  });
});
