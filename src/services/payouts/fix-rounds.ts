import type { Tx } from '../../db/client.js';
import { budgetRounds } from '../../db/schema/index.js';
import { newId } from '../../domain/ids.js';
import type { Fen } from '../../domain/money.js';
import { fixRound, roundView, type RoundView } from './budget-rounds.js';
import { committedToRounds, loadBudget, lockFundingSource } from './budget-usage.js';

interface Published {
  id: string;
  type: string;
  fundingSource: string;
  year: number;
  amount: Fen;
}

/**
 * At publication (RULES.md, budget decision under 二(五)): one round per funding source and year among the
 * notice's compute-subsidy awards, its ratio fixed against the budget as it stands and what earlier rounds
 * committed. Runs in the notice's transaction, under the funding source's lock.
 */
export async function fixNoticeRounds(tx: Tx, noticeId: string, published: readonly Published[], actor: string): Promise<RoundView[]> {
  const groups = new Map<string, { fundingSource: string; year: number; awards: Published[] }>();
  for (const app of published.filter((a) => a.type === 'compute_subsidy')) {
    const key = `${app.fundingSource}/${app.year}`;
    const group = groups.get(key) ?? { fundingSource: app.fundingSource, year: app.year, awards: [] };
    group.awards.push(app);
    groups.set(key, group);
  }
  // In one order everywhere, so two notices of both sources never wait on each other.
  const ordered = [...groups.values()].sort((a, b) => a.fundingSource.localeCompare(b.fundingSource) || a.year - b.year);
  for (const source of new Set(ordered.map((g) => g.fundingSource))) await lockFundingSource(tx, source);
  const fixed: RoundView[] = [];
  for (const g of ordered) {
    const budget = await loadBudget(tx, g.fundingSource, g.year);
    const earlier = await committedToRounds(tx, g.fundingSource, g.year);
    const round = fixRound({
      noticeId,
      fundingSource: g.fundingSource,
      year: g.year,
      budget: budget ? { amount: budget.amount, setAt: budget.updatedAt } : null,
      earlier: earlier.rounds.map((e) => ({ roundId: e.round.id, noticeId: e.round.noticeId, committed: e.committed })),
      awards: g.awards.sort((a, b) => a.id.localeCompare(b.id)).map((a) => ({ applicationId: a.id, amount: a.amount })),
    });
    const [row] = await tx.insert(budgetRounds).values({ id: newId('rnd'), ...round, createdBy: actor }).returning();
    fixed.push(roundView(row!));
  }
  return fixed;
}
