import { expect } from 'vitest';
import { ApplicationView } from '../../../src/routes/applications.js';
import { ClosedNoticeView } from '../../../src/routes/notices.js';
import { PaidPayoutBatchView, PayoutBatchView } from '../../../src/routes/payouts.js';
import { ok, type World } from './world.js';

/** Every body these helpers return is checked against the route's response schema first. */
function shaped<T>(schema: { parse(v: unknown): unknown }, body: T): T {
  schema.parse(body);
  return body;
}

export async function apply(w: World, token: string, body: Record<string, unknown>): Promise<any> {
  return shaped(ApplicationView, ok(await w.rt.request('POST', '/v1/applications', { token, json: body }), 201));
}

export async function cityReview(w: World, id: string, office: string, decision: 'recommend' | 'return' | 'reject', note = ''): Promise<any> {
  const token = await w.cityReviewer(office);
  return shaped(ApplicationView, ok(await w.rt.request('POST', `/v1/applications/${id}/city-review`, { token, json: { decision, note } })));
}

export async function provincialReview(w: World, id: string, body: Record<string, unknown> = { decision: 'approve', score: 85 }): Promise<any> {
  return shaped(ApplicationView, ok(await w.rt.request('POST', `/v1/applications/${id}/provincial-review`, { token: w.tokens.provincial, json: body })));
}

/** Publishes a notice, moves the clock past its end and closes it; returns the closed notice. */
export async function noticeAndClose(w: World, applicationIds: string[], startsOn: string, dayAfterEnd: string): Promise<any> {
  w.setToday(startsOn);
  const notice = ok(await w.rt.request('POST', '/v1/notices', { token: w.tokens.provincial, json: { applicationIds, startsOn } }), 201);
  w.setToday(dayAfterEnd);
  return shaped(ClosedNoticeView, ok(await w.rt.request('POST', `/v1/notices/${notice.id}/close`, { token: w.tokens.provincial })));
}

/** Prepares a batch (preparer), approves it (approver) and records it paid. */
export async function payRound(w: World, fundingSource: string, year?: number): Promise<any> {
  const batch = shaped(PayoutBatchView, ok(await w.rt.request('POST', '/v1/payout-batches', { token: w.tokens.preparer, json: { fundingSource, ...(year ? { year } : {}) } }), 201));
  ok(await w.rt.request('POST', `/v1/payout-batches/${batch.id}/approve`, { token: w.tokens.approver }));
  const paid = shaped(PaidPayoutBatchView, ok(await w.rt.request('POST', `/v1/payout-batches/${batch.id}/paid`, { token: w.tokens.approver })));
  expect(paid.status).toBe('paid');
  return paid;
}

export async function getApplication(w: World, id: string, token = w.tokens.admin): Promise<any> {
  return shaped(ApplicationView, ok(await w.rt.request('GET', `/v1/applications/${id}`, { token })));
}

export async function auditOf(w: World, entityType: string, entityId: string): Promise<any[]> {
  const res = ok(await w.rt.request('GET', `/v1/audit-events?entityType=${entityType}&entityId=${entityId}&limit=1000`, { token: w.tokens.auditor }));
  return res.items;
}
