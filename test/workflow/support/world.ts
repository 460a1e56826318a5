import { expect } from 'vitest';
import { completeUscc } from '../../../src/domain/uscc.js';
import { testRuntime, type TestResponse, type TestRuntime } from '../../support/runtime.js';
import type { RuntimeOptions } from '../../../src/runtime.js';
import { upload } from '../../support/upload.js';
import { computeInvoiceXml } from './invoices.js';
import type { Provider } from '../../statements/helpers.js';
import { providerHeaders } from '../../support/signing.js';

/** A service whose clock the test moves: the working day drives asOf, notice periods and closing. */
export interface World {
  rt: TestRuntime;
  /** Sets "today" (Asia/Shanghai) to `date`, mid-morning. */
  setToday(date: string): void;
  /** The service's clock. */
  now(): Date;
  tokens: { admin: string; provincial: string; preparer: string; approver: string; auditor: string };
  /** The token of a city reviewer of `office`, created on first use. */
  cityReviewer(office: string): Promise<string>;
  enterprise(uscc: string): Promise<string>;
  /** The compute provider every purchase is bought from, with its signing key. */
  provider: Provider;
}

export async function world(startOn = '2026-03-02', env: Record<string, string> = {}, opts: RuntimeOptions = {}): Promise<World> {
  let now = shanghaiMorning(startOn);
  const rt = await testRuntime(env, { ...opts, clock: () => now });
  const tokens: World['tokens'] = {
    admin: rt.adminToken,
    provincial: await rt.userToken('provincial_reviewer'),
    preparer: await rt.userToken('finance_preparer'),
    approver: await rt.userToken('finance_approver'),
    auditor: await rt.userToken('auditor'),
  };
  const registered = await rt.request('POST', '/v1/providers', { json: { uscc: PROVIDER.taxId, name: PROVIDER.name } });
  expect(registered.status, registered.text).toBe(201);
  const provider: Provider = { id: registered.body.id, keyId: registered.body.keyId, secret: registered.body.secret };
  const cache = new Map<string, string>();
  const cached = async (key: string, make: () => Promise<string>) => {
    if (!cache.has(key)) cache.set(key, await make());
    return cache.get(key)!;
  };
  return {
    rt,
    tokens,
    setToday: (date) => {
      now = shanghaiMorning(date);
    },
    now: () => now,
    cityReviewer: (office) => cached(`city:${office}`, () => rt.userToken('city_reviewer', office)),
    enterprise: (uscc) => cached(`ent:${uscc}`, () => rt.userToken('enterprise', uscc)),
    provider,
  };
}

function shanghaiMorning(date: string): Date {
  return new Date(`${date}T10:00:00+08:00`);
}

/** A valid USCC registered in `region` (6 digits), e.g. 350100 Fuzhou, 350200 Xiamen, 350128 Pingtan. */
export function uscc(region: string, serial: number, authority = '91'): string {
  return completeUscc(`${authority}${region}${String(serial).padStart(8, '0')}`);
}

export async function registerUnit(w: World, code: string, name: string): Promise<void> {
  const res = await w.rt.request('POST', '/v1/enterprises', { json: { uscc: code, name } });
  expect(res.status, res.text).toBe(201);
}

export function ok(res: TestResponse, status = 200): any {
  expect(res.status, `${res.status} ${res.text}`).toBe(status);
  return res.body;
}

let invoiceSeq = 0;
/** A fresh 20-digit 数电 number, unique within the test process. */
export function invoiceNumber(): string {
  invoiceSeq++;
  return `2635${String(process.pid % 10_000).padStart(4, '0')}${String(invoiceSeq).padStart(12, '0')}`;
}

export const PROVIDER = { taxId: uscc('350100', 99_000_001), name: '福州智算服务有限公司' };

/**
 * A compute purchase that counts: the enterprise uploads the invoice, the real parser reads it, and
 * finance accepts it as intelligent compute (the verification path for an invoice no statement line
 * confirms), so the reconciliation marks it verified.
 */
export async function verifiedPurchase(
  w: World,
  buyer: { uscc: string; name: string },
  net: number,
  opts: { issueDate?: string; reverses?: string; number?: string; verify?: boolean } = {},
): Promise<{ id: string; number: string }> {
  const number = opts.number ?? invoiceNumber();
  const bytes = computeInvoiceXml({
    number,
    issueDate: opts.issueDate ?? '2026-03-10',
    buyer: { taxId: buyer.uscc, name: buyer.name },
    seller: PROVIDER,
    net,
    ...(opts.reverses ? { reverses: opts.reverses } : {}),
  });
  const res = await upload(w.rt, bytes, { token: await w.enterprise(buyer.uscc), purpose: 'model_development' });
  expect(res.status, res.text).toBe(202);
  await w.rt.jobs.idle();
  const parsed = ok(await w.rt.request('GET', `/v1/invoices/${res.body.id}`, { token: w.tokens.admin }));
  expect(parsed.status).toBe('parsed');
  if (opts.verify !== false && !opts.reverses) {
    const accepted = await w.rt.request('POST', `/v1/invoices/${res.body.id}/accept`, {
      token: w.tokens.preparer,
      json: { reason: 'contract, usage report and bank slip checked', serviceType: 'gpu_compute' },
    });
    expect(accepted.status, accepted.text).toBe(201);
    await w.rt.jobs.idle();
  }
  return { id: res.body.id, number };
}

let statementSeq = 0;

/**
 * A purchase the provider confirms line by line: the enterprise uploads the invoice and the provider pushes
 * a signed statement whose lines for it are `lines` (service type and yuan amount each, in that order), so
 * the matching run verifies it and keeps the part its lines call intelligent compute.
 */
export async function statementPurchase(
  w: World,
  buyer: { uscc: string; name: string },
  net: number,
  lines: { serviceType: string; amount: string }[],
  opts: { issueDate?: string; reverses?: string; number?: string } = {},
): Promise<{ id: string; number: string }> {
  const bought = await verifiedPurchase(w, buyer, net, { ...opts, verify: false });
  const issueDate = opts.issueDate ?? '2026-03-10';
  statementSeq++;
  const body = {
    periodStart: `${issueDate.slice(0, 7)}-01`,
    periodEnd: `${issueDate.slice(0, 7)}-${new Date(Date.UTC(Number(issueDate.slice(0, 4)), Number(issueDate.slice(5, 7)), 0)).getUTCDate()}`,
    lines: lines.map((l, i) => ({
      lineId: `S${statementSeq}-${i + 1}`,
      customerUscc: buyer.uscc,
      invoiceNumber: bought.number,
      issueDate,
      amount: l.amount,
      serviceType: l.serviceType,
    })),
  };
  // Signed at the service's clock, which the test moves, a second apart so no two signatures repeat.
  const raw = JSON.stringify(body);
  const at = Math.floor(w.now().getTime() / 1000) + statementSeq;
  const res = await w.rt.request('PUT', `/v1/statements/ST-${process.pid}-${statementSeq}`, {
    token: null,
    headers: { ...providerHeaders(w.provider.keyId, w.provider.secret, raw, at), 'content-type': 'application/json' },
    body: raw,
  });
  expect(res.status, res.text).toBe(202);
  await w.rt.jobs.idle();
  return bought;
}
