import { z } from '@hono/zod-openapi';
import { IsoDate, Yuan } from '../../domain/schemas.js';
import { isValidUscc } from '../../domain/uscc.js';
import type { Fen } from '../../domain/money.js';
import { SERVICE_TYPES } from '../../rules/parameters/defaults.js';

/** The provider's own classification; it decides whether a purchase counts as intelligent compute. */
export { SERVICE_TYPES };
export const ServiceType = z.enum(SERVICE_TYPES);
export type ServiceType = z.infer<typeof ServiceType>;

export const MAX_LINES = 100_000;

/** Decimal, optionally negative (a credit may return hours); numbers are accepted and kept as written. */
export const QUANTITY = /^-?\d{1,15}(\.\d{1,6})?$/;
const optionalText = (max: number) => z.string().min(1).max(max).nullish();

/** One statement line as it arrives (JSON object or CSV record). Validated line by line, not as a whole body. */
export const StatementLineInput = z
  .strictObject({
    lineId: z.string().min(1).max(128).openapi({ description: 'unique within the statement; stable across versions', example: 'L-0001' }),
    customerUscc: z
      .string()
      .length(18)
      .refine(isValidUscc, 'must be a valid 18-character USCC (check characters included)')
      .openapi({ description: 'the buying enterprise', example: '91350100000000012X' }),
    invoiceNumber: z
      .string()
      .regex(/^\d{8,20}$/, 'must be the invoice number: 8 (legacy) to 20 (数电) digits')
      .nullish()
      .openapi({ description: 'null or absent when no invoice has been issued for the line' }),
    invoiceCode: z
      .string()
      .regex(/^\d{10,12}$/, 'must be a legacy invoice code of 10–12 digits')
      .nullish()
      .openapi({ description: 'legacy invoices only (发票代码)' }),
    issueDate: IsoDate,
    amount: Yuan.openapi({ description: 'yuan with two decimals; negative for a credit against a red invoice' }),
    serviceType: ServiceType,
    description: optionalText(500),
    quantity: z
      .union([z.string().regex(QUANTITY, 'must be a decimal number'), z.number().finite()])
      .nullish()
      .openapi({ description: 'billed quantity, e.g. card-hours', example: '720' }),
    unit: optionalText(32).openapi({ example: '卡时' }),
  })
  .openapi('StatementLineInput');
export type StatementLineInput = z.infer<typeof StatementLineInput>;

export const StatementPeriod = z.strictObject({ periodStart: IsoDate, periodEnd: IsoDate });

export const StatementBody = z
  .strictObject({
    periodStart: IsoDate,
    periodEnd: IsoDate.openapi({ description: 'on or after periodStart' }),
    lines: z.array(StatementLineInput).max(MAX_LINES),
  })
  .openapi('StatementInput');

/** A validated line in the form it is stored and hashed: money in fen, every optional field present as null. */
export interface NormalizedLine {
  amount: Fen;
  customerUscc: string;
  description: string | null;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  issueDate: string;
  lineId: string;
  quantity: string | null;
  serviceType: ServiceType;
  unit: string | null;
}

export interface ValidatedStatement {
  periodStart: string;
  periodEnd: string;
  lines: NormalizedLine[];
  source: 'json' | 'csv' | 'focus';
}
