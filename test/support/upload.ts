import type { TestResponse, TestRuntime } from './runtime.js';

export async function upload(
  rt: TestRuntime,
  bytes: Uint8Array,
  opts: { token?: string; purpose?: string; uscc?: string; name?: string } = {},
): Promise<TestResponse> {
  const form = new FormData();
  form.set('file', new Blob([bytes]), opts.name ?? 'invoice');
  form.set('purpose', opts.purpose ?? 'model_development');
  if (opts.uscc) form.set('uscc', opts.uscc);
  return rt.request('POST', '/v1/invoices', { token: opts.token, body: form });
}
