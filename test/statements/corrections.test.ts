import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { matches } from '../../src/db/schema/index.js';
import { CUSTOMER_A, CUSTOMER_B, getAsProvider, line, lineRowId, putJson, statementBody, useProviderRuntime, withHandMadeMatches } from './helpers.js';

const env = useProviderRuntime(withHandMadeMatches());

async function match(statementId: string, lineIds: string[], status: string, version = 1): Promise<string> {
  const groupId = `grp_${randomUUID()}`;
  for (const lineId of lineIds) {
    const statementLineId = await lineRowId(env.rt, env.p, statementId, version, lineId);
    await env.rt.database.db.insert(matches).values({ id: `mat_${randomUUID()}`, groupId, statementLineId, status, shape: lineIds.length > 1 ? 'one_to_many' : 'one_to_one' });
  }
  return groupId;
}
const groupRows = (groupId: string) => env.rt.database.db.select().from(matches).where(eq(matches.groupId, groupId));
const statusOf = async (statementId: string) => {
  const res = await getAsProvider(env.rt, env.p, `/v1/statements/${statementId}`);
  return Object.fromEntries(res.body.lines.map((l: { lineId: string; matchStatus: string }) => [l.lineId, l.matchStatus]));
};

describe('corrections: a new version unmatches what its dropped or changed lines matched', () => {
  it('undoes the matches of a dropped and a changed line and keeps those of unchanged lines', async () => {
    const v1 = [line(1), line(2), line(3), line(4)];
    expect((await putJson(env.rt, env.p, 'fix-1', statementBody(v1))).status).toBe(202);
    const dropped = await match('fix-1', ['L-00001'], 'matched');
    const changed = await match('fix-1', ['L-00002'], 'manual');
    const kept = await match('fix-1', ['L-00003'], 'proposed');
    const rejected = await match('fix-1', ['L-00004'], 'rejected');
    expect(await statusOf('fix-1')).toEqual({ 'L-00001': 'matched', 'L-00002': 'matched', 'L-00003': 'proposed', 'L-00004': 'unmatched' });

    const v2 = [line(2, { amount: '1.00' }), line(3), line(4), line(5)];
    const res = await putJson(env.rt, env.p, 'fix-1', statementBody(v2));
    expect(res.status).toBe(202);
    expect(res.body.version).toBe(2);

    const [d] = await groupRows(dropped);
    const [c] = await groupRows(changed);
    expect(d!.undoneAt).toBeInstanceOf(Date);
    expect(c!.undoneAt).toBeInstanceOf(Date);
    // The old line keeps its undone match, for the record.
    expect(d!.statementLineId).toBe(await lineRowId(env.rt, env.p, 'fix-1', 1, 'L-00001'));

    const [k] = await groupRows(kept);
    expect(k!.undoneAt).toBeNull();
    expect(k!.statementLineId).toBe(await lineRowId(env.rt, env.p, 'fix-1', 2, 'L-00003'));
    const [r] = await groupRows(rejected);
    expect(r!.status).toBe('rejected');
    expect(r!.statementLineId).toBe(await lineRowId(env.rt, env.p, 'fix-1', 2, 'L-00004'));

    expect(await statusOf('fix-1')).toEqual({ 'L-00002': 'unmatched', 'L-00003': 'proposed', 'L-00004': 'unmatched', 'L-00005': 'unmatched' });
  });

  it('a change to one line of a multi-line match releases the whole match group', async () => {
    const v1 = [line(1), line(2), line(3)];
    expect((await putJson(env.rt, env.p, 'fix-2', statementBody(v1))).status).toBe(202);
    const group = await match('fix-2', ['L-00001', 'L-00002'], 'matched');
    const alone = await match('fix-2', ['L-00003'], 'matched');

    const v2 = [line(1), line(2, { description: 'corrected' }), line(3)];
    expect((await putJson(env.rt, env.p, 'fix-2', statementBody(v2))).status).toBe(202);

    const rows = await groupRows(group);
    expect(rows).toHaveLength(2);
    expect(rows.every((m) => m.undoneAt instanceof Date)).toBe(true);
    const [a] = await groupRows(alone);
    expect(a!.undoneAt).toBeNull();
    expect(await statusOf('fix-2')).toEqual({ 'L-00001': 'unmatched', 'L-00002': 'unmatched', 'L-00003': 'matched' });
  });

  it('leaves matches that were already undone alone, and records the correction in the audit event', async () => {
    const v1 = [line(1, { customerUscc: CUSTOMER_A }), line(2, { customerUscc: CUSTOMER_B })];
    expect((await putJson(env.rt, env.p, 'fix-3', statementBody(v1))).status).toBe(202);
    const old = await match('fix-3', ['L-00001'], 'matched');
    const undoneAt = new Date('2026-03-20T00:00:00Z');
    await env.rt.database.db.update(matches).set({ undoneAt }).where(eq(matches.groupId, old));
    expect((await putJson(env.rt, env.p, 'fix-3', statementBody([v1[1]!]))).status).toBe(202);
    const [m] = await groupRows(old);
    expect(m!.undoneAt).toEqual(undoneAt);

    const { auditEvents } = await import('../../src/db/schema/index.js');
    const events = await env.rt.database.db.select().from(auditEvents).where(inArray(auditEvents.action, ['statement.version_stored']));
    const last = events.map((e) => e.after as { statementId: string; version: number; correction: unknown; affectedCustomers: number })
      .find((a) => a.statementId === 'fix-3' && a.version === 2)!;
    expect(last.correction).toEqual({ added: 0, changed: 0, dropped: 1, unchanged: 1, matchesUndone: 0, matchesCarried: 0 });
    expect(last.affectedCustomers).toBe(1);
  });
});
