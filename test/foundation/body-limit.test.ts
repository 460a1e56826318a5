import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from '../../src/http/body-limit.js';
import { completeUscc } from '../../src/domain/uscc.js';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

const MAX = 64;

/** Sends `body` either with its Content-Length or in chunks (no declared length). */
function post(port: number, body: string, chunked: boolean, path = '/echo', extra: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', ...extra };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (chunked) for (let i = 0; i < body.length; i += 16) req.write(body.slice(i, i + 16));
    else req.write(body);
    req.end();
  });
}

describe('the body limit on a real server', () => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    const app = new Hono();
    app.use('*', limitBody({ maxSize: MAX, onError: (c) => c.text('too large', 413) }));
    app.post('/echo', async (c) => c.json(await c.req.json()));
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const small = JSON.stringify({ 名称: '算力' });
  const large = JSON.stringify({ 名称: '算力'.repeat(40) });

  it('passes a body within the limit whole, declared or chunked', async () => {
    for (const chunked of [false, true]) {
      const res = await post(port, small, chunked);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ 名称: '算力' });
    }
  });

  it('refuses a declared length over the limit, counted in bytes not characters', async () => {
    expect(large.length).toBeLessThan(MAX * 2);
    expect(Buffer.byteLength(large)).toBeGreaterThan(MAX);
    expect(await post(port, large, false)).toEqual({ status: 413, text: 'too large' });
  });

  it('refuses a chunked body once what has arrived passes the limit', async () => {
    expect(await post(port, large, true)).toEqual({ status: 413, text: 'too large' });
  });
});

describe('the API over a socket', () => {
  const LIMIT = 4096;
  let rt: TestRuntime;
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    rt = await testRuntime({ BODY_MAX_BYTES: String(LIMIT) });
    server = serve({ fetch: rt.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await rt.close();
  });

  const facts = (purchases: number) =>
    JSON.stringify({
      type: 'compute_subsidy',
      asOf: '2027-03-01',
      year: 2026,
      applicant: { uscc: completeUscc('9135010000000001') },
      purchases: Array.from({ length: purchases }, (_, i) => ({
        invoiceNumber: String(26350000000000000000n + BigInt(i)),
        issueDate: '2026-03-01',
        amount: '60000.00',
        netAmount: '56603.77',
        serviceType: 'gpu_compute',
        purpose: 'model_development',
        verified: true,
        isRed: false,
        originalInvoiceNumber: null,
      })),
      alreadyAwarded: '0.00',
    });

  it('reads a body within the limit, declared or chunked, and decides on it', async () => {
    const body = facts(2);
    expect(Buffer.byteLength(body)).toBeLessThan(LIMIT);
    for (const chunked of [false, true]) {
      const res = await post(port, body, chunked, '/v1/evaluate', { authorization: `Bearer ${rt.adminToken}` });
      expect(res.status, res.text).toBe(200);
      const decision = JSON.parse(res.text) as { eligible: boolean; amount: string };
      // 2 × 60,000 yuan passes the 100,000 threshold; half of it is 60,000.
      expect(decision).toMatchObject({ eligible: true, amount: '60000.00' });
    }
  });

  it('refuses a larger body with a problem, declared or chunked', async () => {
    const body = facts(40);
    expect(Buffer.byteLength(body)).toBeGreaterThan(LIMIT);
    for (const chunked of [false, true]) {
      const res = await post(port, body, chunked, '/v1/evaluate', { authorization: `Bearer ${rt.adminToken}` });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    }
  });
});
