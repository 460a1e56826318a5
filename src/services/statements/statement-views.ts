import { z } from '@hono/zod-openapi';
import { IsoDate, Yuan } from '../../domain/schemas.js';
import { LINE_MATCH_STATUSES } from './match-status.js';
import { ServiceType } from './statement-input.js';

export const StatementAccepted = z
  .object({
    statementId: z.string(),
    version: z.number().int(),
    lines: z.number().int().openapi({ description: 'number of lines in the version' }),
    total: Yuan,
    status: z.enum(['accepted', 'unchanged']),
  })
  .openapi('StatementAccepted');

export const StatementLineView = z
  .object({
    lineId: z.string(),
    customerUscc: z.string(),
    invoiceNumber: z.string().nullable(),
    invoiceCode: z.string().nullable(),
    issueDate: IsoDate,
    amount: Yuan,
    serviceType: ServiceType,
    description: z.string().nullable(),
    quantity: z.string().nullable(),
    unit: z.string().nullable(),
    matchStatus: z.enum(LINE_MATCH_STATUSES),
  })
  .openapi('StatementLine');

export const StatementVersionView = z
  .object({ version: z.number().int(), createdAt: z.string(), lineCount: z.number().int(), total: Yuan, periodStart: IsoDate, periodEnd: IsoDate })
  .openapi('StatementVersion');

export const StatementView = z
  .object({
    statementId: z.string(),
    providerId: z.string(),
    version: z.number().int(),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    lineCount: z.number().int(),
    total: Yuan,
    createdAt: z.string(),
    summary: z.object({ matched: z.number().int(), proposed: z.number().int(), unmatched: z.number().int() }),
    lines: z.array(StatementLineView),
    nextCursor: z.string().nullable(),
    versions: z.array(StatementVersionView),
  })
  .openapi('Statement');
