import { eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { creditListings, enterprises, fraudFindings } from '../../db/schema/index.js';
import { describeUscc, isValidUscc } from '../../domain/uscc.js';
import type { ApplicantFacts } from '../../rules/facts.js';

type OfficeCode = NonNullable<ApplicantFacts['officeOverride']>;

/**
 * A unit's facts as the rules read them (三, 五(一)): its credit listings and fraud findings from the
 * registry, and the office an administrator routed it to when that differs from its USCC's city.
 */
export async function loadApplicantFacts(db: Queryable, usccs: readonly string[]): Promise<Map<string, ApplicantFacts>> {
  const out = new Map<string, ApplicantFacts>();
  if (usccs.length === 0) return out;
  const list = [...new Set(usccs)];
  const [listings, findings, registered] = await Promise.all([
    db.select().from(creditListings).where(inArray(creditListings.uscc, list)),
    db.select().from(fraudFindings).where(inArray(fraudFindings.uscc, list)),
    db.select().from(enterprises).where(inArray(enterprises.uscc, list)),
  ]);
  for (const uscc of list) {
    const facts: ApplicantFacts = {
      uscc,
      creditListings: listings
        .filter((l) => l.uscc === uscc)
        .map((l) => ({ list: l.list as 'abnormal' | 'dishonest', listedOn: l.listedOn, removedOn: l.removedOn })),
      fraudFindings: findings.filter((f) => f.uscc === uscc).map((f) => ({ foundOn: f.foundOn })),
    };
    const row = registered.find((e) => e.uscc === uscc);
    const fromCode = isValidUscc(uscc) ? describeUscc(uscc).office : null;
    if (row?.office && row.office !== fromCode) facts.officeOverride = row.office as OfficeCode;
    out.set(uscc, facts);
  }
  return out;
}

export async function loadEnterprise(db: Queryable, uscc: string) {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.uscc, uscc)).limit(1);
  return row ?? null;
}
