import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import { errorResponses, jsonBody, jsonContent } from '../http/schemas.js';
import { serviceContext } from '../http/service-context.js';
import { approveBatch } from '../services/payouts/approve-batch.js';
import { BudgetInput, BudgetParams, getBudget, setBudget } from '../services/payouts/budgets.js';
import { discardBatch } from '../services/payouts/discard-batch.js';
import { ExportQuery, exportBatch } from '../services/payouts/export-batch.js';
import { ListBatchesQuery, getBatch, listBatches } from '../services/payouts/get-batch.js';
import { markBatchPaid } from '../services/payouts/mark-paid.js';
import { PrepareBatchInput, prepareBatch } from '../services/payouts/prepare-batch.js';
import { RecoveryQuery, listRecoveryCases } from '../services/payouts/recovery-cases.js';
import { ReceiptInput, WriteOffInput, recordRecoveryReceipt, writeOffRecoveryCase } from '../services/payouts/recovery-receipts.js';

const TraceStep = z.object({ clause: z.string(), step: z.string(), inputs: z.record(z.string(), z.unknown()), result: z.unknown(), text: z.string() });

/** A budget round (二(五)): one notice's compute-subsidy awards of a funding source and year, with the ratio fixed at publication. */
export const BudgetRoundView = z
  .object({
    id: z.string(),
    noticeId: z.string(),
    fundingSource: z.string(),
    year: z.number().int(),
    budget: z.string().nullable().openapi({ description: 'the yearly budget when the round was fixed; null: no budget set, not scaled' }),
    budgetSetOn: z.string().nullable().openapi({ description: 'the day that budget was set (Asia/Shanghai)' }),
    committedBefore: z.string().openapi({ description: 'budget committed to earlier rounds of the same source and year' }),
    available: z.string().nullable(),
    awards: z.number().int(),
    computedTotal: z.string(),
    scaled: z.boolean(),
    ratio: z.object({ numerator: z.string(), denominator: z.string(), decimal: z.string() }),
    trace: z.array(TraceStep),
    fixedBy: z.string(),
    fixedAt: z.string(),
  })
  .openapi('BudgetRound');

const Budget = z
  .object({
    fundingSource: z.string(),
    year: z.number().int(),
    covers: z.literal('compute_subsidy'),
    amount: z.string().nullable(),
    committed: z.string().openapi({ description: 'what the rounds fixed so far hold: paid or in a batch, plus each award still owed at its round’s ratio' }),
    remaining: z.string().nullable(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
    rounds: z.array(BudgetRoundView.extend({ committed: z.string() })).openapi({ description: 'the rounds fixed so far, oldest first; a budget change leaves them as they are' }),
  })
  .openapi('Budget');

const BatchRound = BudgetRoundView.extend({
  inBatch: z.object({ items: z.number().int(), computed: z.string(), amount: z.string() }).openapi({ description: 'what this batch pays from the round' }),
});

export const PayoutBatchView = z
  .object({
    id: z.string(),
    number: z.string().nullable().openapi({ description: 'the number people use: year, funding source and a sequence, e.g. 2026-SJ-0003 (SJ province, XM Xiamen)' }),
    fundingSource: z.string(),
    year: z.number().int().nullable(),
    status: z.string(),
    total: z.string(),
    computedTotal: z.string(),
    items: z.array(
      z.object({
        installmentId: z.string(),
        applicationId: z.string(),
        applicationNumber: z.string().nullable(),
        uscc: z.string(),
        applicantName: z.string().nullable(),
        type: z.string(),
        year: z.number().int(),
        on: z.string(),
        computed: z.string(),
        amount: z.string(),
        installmentStatus: z.string(),
      }),
    ),
    scaling: z.array(BatchRound).openapi({ description: 'the compute-subsidy rounds the batch pays from, each with the ratio fixed when its notice was published, and its trace' }),
    preparedBy: z.string(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    paidBy: z.string().nullable(),
    paidAt: z.string().nullable(),
    discardedBy: z.string().nullable(),
    discardedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('PayoutBatch');

export const PaidPayoutBatchView = PayoutBatchView.extend({ recoveryCases: z.array(z.string()) }).openapi('PaidPayoutBatch');
const BatchList = z.object({
  items: z.array(z.object({ id: z.string(), number: z.string().nullable(), fundingSource: z.string(), year: z.number().int().nullable(), status: z.string(), total: z.string(), preparedBy: z.string(), approvedBy: z.string().nullable(), createdAt: z.string() })),
  nextBefore: z.string().nullable().openapi({ description: 'pass as `before` for the next page; null on the last' }),
});
export const RecoveryCaseView = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    uscc: z.string(),
    kind: z.string(),
    amount: z.string(),
    recovered: z.string(),
    outstanding: z.string(),
    status: z.enum(['open', 'recovered', 'written_off']),
    invoiceId: z.string().nullable(),
    details: z.unknown(),
    openedBy: z.string(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('RecoveryCase');
const RecoveryList = z.object({ items: z.array(RecoveryCaseView) }).openapi('RecoveryCases');
const IdParam = z.object({ id: z.string().max(64) });

type BatchBody = z.infer<typeof PayoutBatchView>;

const batchAction = (path: string, summary: string, description?: string) =>
  createRoute({
    method: 'post',
    path,
    tags: ['payouts'],
    summary,
    ...(description ? { description } : {}),
    security: [{ bearer: [] }],
    request: { params: IdParam },
    responses: { 200: jsonContent(PayoutBatchView), ...errorResponses },
  });

export function registerPayoutRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/budgets/{fundingSource}/{year}',
      tags: ['payouts'],
      summary: 'Set the yearly compute-subsidy budget of a funding source (admin)',
      description: 'When a round of compute-subsidy awards (one notice’s, for a funding source and year) exceeds what earlier rounds left of it, every award of the round is scaled by one ratio, fixed when the notice is published (二(五)). A change applies to rounds fixed later; `rounds` lists those already fixed, unchanged. Tier awards of the other types are fixed and not scaled.',
      security: [{ bearer: [] }],
      request: { params: BudgetParams, body: jsonBody(BudgetInput) },
      responses: { 200: jsonContent(Budget), ...errorResponses },
    }),
    async (c) => c.json(await setBudget(serviceContext(c), c.req.valid('param'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/budgets/{fundingSource}/{year}',
      tags: ['payouts'],
      summary: 'A budget with what its rounds have committed and what remains (admin, finance roles, auditor)',
      security: [{ bearer: [] }],
      request: { params: BudgetParams },
      responses: { 200: jsonContent(Budget), ...errorResponses },
    }),
    async (c) => c.json(await getBudget(serviceContext(c), c.req.valid('param')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/payout-batches',
      tags: ['payouts'],
      summary: 'Prepare a batch of granted, unpaid installments of one funding source (finance_preparer)',
      description: '409 NOTHING_TO_PAY when nothing is payable. Each compute-subsidy installment is paid at its round’s ratio, fixed when its notice was published; `scaling` shows the rounds, their ratios and traces. 409 NO_BUDGET_ROUND for a compute-subsidy award without a round.',
      security: [{ bearer: [] }],
      request: { body: jsonBody(PrepareBatchInput) },
      responses: { 201: jsonContent(PayoutBatchView, 'prepared'), ...errorResponses },
    }),
    async (c) => c.json((await prepareBatch(serviceContext(c), c.req.valid('json'))) as BatchBody, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/payout-batches',
      tags: ['payouts'],
      summary: 'Payout batches (admin, finance roles, auditor), newest first, filterable by funding source, status and number',
      description: '`number` finds a batch by its number or a part of it (`2026-SJ-0003`, `SJ-0003`). Paged: `limit` per page, and `before` = the previous page’s `nextBefore`.',
      security: [{ bearer: [] }],
      request: { query: ListBatchesQuery },
      responses: { 200: jsonContent(BatchList), ...errorResponses },
    }),
    async (c) => c.json(await listBatches(serviceContext(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/payout-batches/{id}',
      tags: ['payouts'],
      summary: 'A payout batch with its lines and scaling (admin, finance roles, auditor)',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonContent(PayoutBatchView), ...errorResponses },
    }),
    async (c) => c.json((await getBatch(serviceContext(c), c.req.valid('param').id)) as BatchBody, 200),
  );

  app.openapi(
    batchAction('/v1/payout-batches/{id}/approve', 'Approve a prepared batch (finance_approver; never its preparer)', 'An approved batch is immutable. 403 MAKER_CHECKER for the preparer; 409 BATCH_IMMUTABLE when not prepared.'),
    async (c) => c.json((await approveBatch(serviceContext(c), c.req.valid('param').id)) as BatchBody, 200),
  );

  app.openapi(
    batchAction('/v1/payout-batches/{id}/discard', 'Withdraw a prepared batch; its installments become payable again (finance roles)'),
    async (c) => c.json((await discardBatch(serviceContext(c), c.req.valid('param').id)) as BatchBody, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/payout-batches/{id}/paid',
      tags: ['payouts'],
      summary: 'Record that the treasury paid an approved batch: each installment is paid (finance roles)',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonContent(PaidPayoutBatchView), ...errorResponses },
    }),
    async (c) => c.json((await markBatchPaid(serviceContext(c), c.req.valid('param').id)) as z.infer<typeof PaidPayoutBatchView>, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/payout-batches/{id}/export',
      tags: ['payouts'],
      summary: 'Export an approved batch for the treasury, CSV or XLSX, with a totals row (finance roles, auditor)',
      security: [{ bearer: [] }],
      request: { params: IdParam, query: ExportQuery },
      responses: {
        200: {
          description: 'the batch lines and a totals row',
          content: {
            'text/csv': { schema: z.string() },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const file = await exportBatch(serviceContext(c), c.req.valid('param').id, c.req.valid('query'));
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': file.contentType,
        'Content-Disposition': `attachment; filename="${file.fileName}"`,
      }) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/recovery-cases',
      tags: ['supervision'],
      summary: 'Recovery (fraud) and clawback (red invoice) cases within the caller’s scope',
      security: [{ bearer: [] }],
      request: { query: RecoveryQuery },
      responses: { 200: jsonContent(RecoveryList), ...errorResponses },
    }),
    async (c) => c.json(await listRecoveryCases(serviceContext(c), c.req.valid('query')), 200),
  );

  const caseAction = <B extends z.ZodType>(path: string, summary: string, body: B) =>
    createRoute({
      method: 'post',
      path,
      tags: ['supervision'],
      summary,
      security: [{ bearer: [] }],
      request: { params: IdParam, body: jsonBody(body) },
      responses: { 200: jsonContent(RecoveryCaseView), ...errorResponses },
    });
  app.openapi(
    caseAction('/v1/recovery-cases/{id}/receipts', 'Record money paid back against a case (finance); the case closes when nothing is outstanding', ReceiptInput),
    async (c) => c.json((await recordRecoveryReceipt(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
  app.openapi(
    caseAction('/v1/recovery-cases/{id}/write-off', 'Write off what cannot be recovered, with the reason (finance approver)', WriteOffInput),
    async (c) => c.json((await writeOffRecoveryCase(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))), 200),
  );
}
