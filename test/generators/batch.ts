/**
 * A batch of invoices for one buyer from one or more providers across a year: both generations,
 * every format asked for, 销货清单 invoices, and red-letter invoices reversing earlier blue ones
 * of the same batch. Deterministic for a seed; invoice numbers are unique within the batch.
 */
import { generateInvoice, generateRedInvoice, type GeneratedInvoice } from './generate.js';
import type { Generation, OutputFormat } from './model.js';
import type { PartyInput } from './parties.js';
import { derive } from './random.js';
import { resolveSpec } from './spec.js';

export interface BatchRequest {
  count: number;
  seed: number;
  /** The uploading enterprise (a Fujian USCC); default: one drawn from the seed. */
  buyer?: PartyInput;
  /** The registered provider issuing the invoices… */
  seller?: PartyInput;
  /** …or several, each invoice issued by one of them. Default: one drawn from the seed. */
  sellers?: PartyInput[];
  year?: number;
  formats?: OutputFormat[];
  generations?: Generation[];
  /** Share of red-letter invoices, 0–1. Default 0.1. */
  redShare?: number;
}

export function generateBatch(request: BatchRequest): GeneratedInvoice[] {
  const formats = request.formats ?? ['pdf', 'ofd', 'xml'];
  const rng = derive(request.seed, 'batch');
  const defaults = resolveSpec({ seed: request.seed });
  const buyer = request.buyer ?? defaults.buyer;
  const sellers = request.sellers ?? [request.seller ?? defaults.seller];
  const generations = (request.generations ?? ['digital', 'legacy']).filter((g) => g === 'digital' || formats.some((f) => f !== 'xml'));
  if (generations.length === 0) throw new Error('no generation can be written in the formats asked for');
  const out: GeneratedInvoice[] = [];
  const open: GeneratedInvoice[] = [];
  const numbers = new Set<string>();
  for (let i = 0; out.length < request.count; i++) {
    const seed = request.seed * 100_003 + i;
    const blue = open.length > 0 && rng.chance(request.redShare ?? 0.1) ? open.splice(rng.int(0, open.length - 1), 1)[0]! : null;
    let invoice: GeneratedInvoice;
    if (blue) {
      const usable = formats.filter((f) => f !== 'xml' || blue.doc.generation === 'digital');
      invoice = generateRedInvoice(blue, { seed, format: rng.pick(usable) });
    } else {
      const generation = rng.pick(generations);
      const usable = formats.filter((f) => f !== 'xml' || generation === 'digital');
      invoice = generateInvoice({ seed, generation, format: rng.pick(usable), buyer, seller: rng.pick(sellers), ...(request.year ? { year: request.year } : {}) });
    }
    const key = `${invoice.expected.invoiceCode ?? ''}${invoice.expected.invoiceNumber}`;
    if (numbers.has(key)) continue;
    numbers.add(key);
    out.push(invoice);
    if (!blue) open.push(invoice);
  }
  return out;
}
