import { desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { decisions, installments } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import { formatYuan, parseYuan } from '../../domain/money.js';
import type { Decision } from '../../rules/index.js';
import { installmentStatusOnGrant } from '../../workflow/index.js';
import { moveApplication, recordExtraAudit, type ApplicationRow } from '../applications/move-application.js';
import type { ServiceContext } from '../context.js';

/**
 * 四(三) "公示期满无异议的…获评单位按规定享受奖补政策": grants the award the last review decided, creating
 * its installments (one-time awards at once; a vertical model's recognition part at once and its
 * acceptance part pending 五(三)). Records the application's move and each installment in the audit.
 */
export async function grantApplication(tx: Tx, ctx: ServiceContext, row: ApplicationRow, noticeId: string): Promise<ApplicationRow> {
  const [latest] = await tx.select().from(decisions).where(eq(decisions.applicationId, row.id)).orderBy(desc(decisions.createdAt), desc(decisions.id)).limit(1);
  const decision = latest?.decision as Decision | undefined;
  const parts = (decision?.installments ?? []).map((i) => ({ on: i.on, amount: parseYuan(i.amount) }));
  const rows = parts.map((part) => ({ id: newId('ins'), applicationId: row.id, on: part.on, amount: part.amount, status: installmentStatusOnGrant(part.on) }));
  if (rows.length > 0) await tx.insert(installments).values(rows);
  const move = await moveApplication(tx, ctx, row, 'grant', {
    details: {
      noticeId,
      decisionId: latest?.id ?? null,
      installments: rows.map((r) => ({ id: r.id, on: r.on, amount: formatYuan(r.amount), status: r.status })),
    },
  });
  await recordExtraAudit(tx, ctx, move.audit);
  return move.row;
}
