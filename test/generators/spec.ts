/**
 * What to generate. A request may fix any choice and leaves the rest to the seed; every choice is
 * drawn whether or not it is fixed, so fixing one never changes the others for the same seed.
 */
import type { NumberStyle } from './amounts.js';
import type { StreamOrder } from './forms/sheet.js';
import type { Generation, InvoiceKind, OutputFormat } from './model.js';
import { resolveParty, type PartyInfo, type PartyInput } from './parties.js';
import { derive } from './random.js';

/** 'standard': 6% lines only; 'mixed': one 13% goods line with 6% services; 'exempt': one 免税 line. */
export type RateMix = 'standard' | 'mixed' | 'exempt';
export type WordsStyle = '圆' | '元';

export interface InvoiceSpec {
  seed: number;
  generation: Generation;
  kind: InvoiceKind;
  format: OutputFormat;
  issueDate: string;
  buyer: PartyInfo;
  seller: PartyInfo;
  itemCount: number;
  rates: RateMix;
  order: StreamOrder;
  numberStyle: NumberStyle;
  wordsStyle: WordsStyle;
}

export interface InvoiceRequest {
  seed?: number;
  generation?: Generation;
  kind?: InvoiceKind;
  format?: OutputFormat;
  issueDate?: string;
  /** Issue date drawn inside this year when issueDate is not given. Default 2026. */
  year?: number;
  buyer?: PartyInput;
  seller?: PartyInput;
  itemCount?: number;
  rates?: RateMix;
  order?: StreamOrder;
  numberStyle?: NumberStyle;
  wordsStyle?: WordsStyle;
}

/** Most lines a one-page printed form holds: 数电 rows take two lines each, legacy ones one. */
export const MAX_DIGITAL_PRINTED_LINES = 4;
export const MAX_LEGACY_PAGE_LINES = 5;
/** Most lines of a 数电 XML (nothing is printed, so only realism limits it). */
export const MAX_XML_LINES = 12;

export class SpecError extends Error {
  override name = 'SpecError';
}

const DAY_MS = 86_400_000;

/** A day of `year`, drawn uniformly. */
export function dateInYear(rng: { int(a: number, b: number): number }, year: number): string {
  const start = Date.UTC(year, 0, 1);
  const days = Math.round((Date.UTC(year + 1, 0, 1) - start) / DAY_MS);
  return new Date(start + rng.int(0, days - 1) * DAY_MS).toISOString().slice(0, 10);
}

function formatsFor(generation: Generation): OutputFormat[] {
  return generation === 'digital' ? ['pdf', 'ofd', 'xml'] : ['pdf', 'ofd'];
}

export function resolveSpec(request: InvoiceRequest = {}): InvoiceSpec {
  const seed = request.seed ?? 1;
  const r = derive(seed, 'spec');
  const drawn = {
    generation: (r.chance(0.65) ? 'digital' : 'legacy') as Generation,
    formatPick: r.next(),
    kind: (r.chance(0.6) ? 'special' : 'ordinary') as InvoiceKind,
    listed: r.chance(0.2),
    lines: r.next(),
    rates: r.next(),
    order: r.next(),
    padded: r.chance(0.3),
    yuan: r.chance(0.3),
  };
  const generation = request.generation ?? (request.format === 'xml' ? 'digital' : drawn.generation);
  const allowed = formatsFor(generation);
  const format = request.format ?? allowed[Math.floor(drawn.formatPick * allowed.length)]!;
  if (!allowed.includes(format)) throw new SpecError(`a ${generation} invoice cannot be written as ${format}`);

  const maxLines = generation === 'legacy' ? Infinity : format === 'xml' ? MAX_XML_LINES : MAX_DIGITAL_PRINTED_LINES;
  const itemCount =
    request.itemCount ??
    (generation === 'legacy'
      ? drawn.listed ? 9 + Math.floor(drawn.lines * 12) : 1 + Math.floor(drawn.lines * drawn.lines * MAX_LEGACY_PAGE_LINES)
      : 1 + Math.floor(drawn.lines * drawn.lines * MAX_DIGITAL_PRINTED_LINES));
  if (itemCount < 1 || itemCount > maxLines) throw new SpecError(`a ${generation} ${format} invoice holds 1 to ${maxLines} lines, not ${itemCount}`);
  const listed = generation === 'legacy' && itemCount > MAX_LEGACY_PAGE_LINES;
  const rates: RateMix = request.rates ?? (listed ? 'standard' : drawn.rates < 0.65 ? 'standard' : drawn.rates < 0.85 ? 'mixed' : 'exempt');
  if (listed && rates !== 'standard') throw new SpecError('a 销货清单 invoice is generated with 6% lines only');
  // A 专票 cannot be issued for exempt sales: an invoice with a 免税 line is a 普票.
  const kind = rates === 'exempt' ? 'ordinary' : request.kind ?? drawn.kind;
  if (request.kind === 'special' && rates === 'exempt') throw new SpecError('a 专票 cannot carry a 免税 line');

  if (request.issueDate !== undefined && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u.test(request.issueDate)) {
    throw new SpecError(`issueDate must be YYYY-MM-DD, got ${JSON.stringify(request.issueDate)}`);
  }
  return {
    seed,
    generation,
    kind,
    format,
    issueDate: request.issueDate ?? dateInYear(derive(seed, 'date'), request.year ?? 2026),
    buyer: resolveParty(request.buyer, 'buyer', derive(seed, 'buyer')),
    seller: resolveParty(request.seller, 'seller', derive(seed, 'seller')),
    itemCount,
    rates,
    order: request.order ?? (drawn.order < (generation === 'digital' ? 0.7 : 0.2) ? 'labelsFirst' : 'natural'),
    numberStyle: request.numberStyle ?? (generation === 'legacy' && drawn.padded ? 'padded' : 'plain'),
    wordsStyle: request.wordsStyle ?? (generation === 'legacy' && drawn.yuan ? '元' : '圆'),
  };
}
