import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { getAsProvider, line, putJson, statementBody, storedCounts, useProviderRuntime } from './helpers.js';

const env = useProviderRuntime();

describe('a 10,000-line statement', () => {
  const N = 10_000;
  const lines = Array.from({ length: N }, (_, i) =>
    line(i, i % 7 === 0 ? { amount: `-${i}.05`, invoiceNumber: null } : { serviceType: i % 3 ? 'gpu_compute' : 'storage' }),
  );
  // The expected total in fen, summed from the wire strings without floats.
  const expectedFen = lines.reduce((sum, l) => {
    const [whole, frac] = String(l.amount).replace('-', '').split('.');
    const fen = Number(whole) * 100 + Number(frac);
    return sum + (String(l.amount).startsWith('-') ? -fen : fen);
  }, 0);

  it('is stored completely: every line, the right sum, in order', async () => {
    const res = await putJson(env.rt, env.p, 'big-1', statementBody(lines));
    expect(res.status).toBe(202);
    expect(res.body.lines).toBe(N);
    expect(await storedCounts(env.rt, env.p, 'big-1')).toEqual({ statements: 1, versions: 1, lines: N });

    const agg = rowsOf<{ n: number; total: string; credits: number; storage: number; first: string; last: string }>(
      await env.rt.database.db.execute(sql`
        select count(*)::int as n, sum(l.amount)::text as total, count(*) filter (where l.amount < 0)::int as credits,
               count(*) filter (where service_type = 'storage')::int as storage,
               (array_agg(l.line_id order by l.id))[1] as first, (array_agg(l.line_id order by l.id desc))[1] as last
        from statement_lines l join statement_versions v on v.id = l.version_id join statements s on s.id = v.statement_id
        where s.provider_id = ${env.p.id} and s.external_id = 'big-1'`),
    )[0]!;
    expect(Number(agg.n)).toBe(N);
    expect(agg.total).toBe(String(expectedFen));
    expect(Number(agg.credits)).toBe(lines.filter((l) => String(l.amount).startsWith('-')).length);
    expect(Number(agg.storage)).toBe(lines.filter((l) => l.serviceType === 'storage').length);
    expect([agg.first, agg.last]).toEqual(['L-00000', 'L-09999']);
  });

  it('reads back the totals and pages instead of returning every line', async () => {
    const res = await getAsProvider(env.rt, env.p, '/v1/statements/big-1');
    expect(res.status).toBe(200);
    expect(res.body.lineCount).toBe(N);
    expect(res.body.lines).toHaveLength(1000);
    expect(res.body.nextCursor).not.toBeNull();
    expect(res.body.summary).toEqual({ matched: 0, proposed: 0, unmatched: N });
    const sign = expectedFen < 0 ? '-' : '';
    const abs = Math.abs(expectedFen);
    expect(res.body.total).toBe(`${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
  });

  it('the same 10,000 lines again are a no-op, and one changed line is a correction of one', async () => {
    expect((await putJson(env.rt, env.p, 'big-1', statementBody(lines))).status).toBe(200);
    const changed = lines.map((l, i) => (i === 5000 ? { ...l, amount: '1.00' } : l));
    const res = await putJson(env.rt, env.p, 'big-1', statementBody(changed));
    expect(res.status).toBe(202);
    expect(await storedCounts(env.rt, env.p, 'big-1')).toEqual({ statements: 1, versions: 2, lines: 2 * N });
  });
});
