/** Test-data generator for VAT e-invoices: realistic files with the fields a parser must return. */
export { generateBatch, type BatchRequest } from './batch.js';
export { generateInvoice, generateRedInvoice, render, type GeneratedInvoice, type RedRequest } from './generate.js';
export type { Generation, InvoiceDoc, InvoiceKind, OutputFormat } from './model.js';
export { describeParty, makeUscc, type PartyInfo, type PartyInput } from './parties.js';
export { resolveSpec, SpecError, type InvoiceRequest, type InvoiceSpec, type RateMix } from './spec.js';
export { serviceTypeOf, statementLineFor, type StatementLine } from './statement.js';
