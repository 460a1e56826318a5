import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageFor } from '../../src/console/errors.js';
import { actionName, entityName } from '../../src/console/audit-labels.js';
import { fieldName, parseErrorName } from '../../src/console/labels.js';
import { testRuntime } from '../support/runtime.js';
import { ROOT, sourceFiles } from '../support/sources.js';
import { ConsoleClient, consoleUser } from './support.js';
import { ISOLATION_ERRORS } from '../../src/invoices/sandbox/protocol.js';
import { APPLICATION_EVENTS } from '../../src/workflow/transitions.js';

/** The text of every TypeScript source under `dir`. */
const sources = (dir = 'src') => sourceFiles(dir).map((f) => readFileSync(join(ROOT, f), 'utf8'));

const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]!);

describe('the console names in Chinese every code the service can show', () => {
  const code = sources().join('\n');

  it('has its own words for every error code a service throws, never the fallback that quotes the code', () => {
    const codes = new Set([
      ...all(code, /\b(?:missing|conflict|tooLarge|invalid|locked|unavailable)\('([A-Z_]+)'/g),
      ...all(code, /\bforbidden\([^;]*?, '([A-Z_]+)'\)/g),
      ...all(code, /\bunauthenticated\([^;]*?code: '([A-Z_]+)'/g),
    ]);
    // The scan finds the codes it should: refusals of every kind.
    for (const known of ['APPLICATION_EXISTS', 'MAKER_CHECKER', 'INVALID_USCC', 'ACCOUNT_LOCKED', 'SIGNATURE_REPLAYED', 'DATABASE_UNAVAILABLE']) expect(codes).toContain(known);
    const unnamed = [...codes].filter((c) => messageFor(c).includes(`代码 ${c}`));
    expect(unnamed).toEqual([]);
  });

  it('names every action and kind of object the audit log records', () => {
    const actions = new Set(all(code, /\baction: '([a-z_]+\.[a-z_]+)'/g));
    const entities = new Set(all(code, /\bentityType: '([a-z_]+)'/g));
    expect(actions.size).toBeGreaterThan(40);
    expect(entities.size).toBeGreaterThan(15);
    // Actions built from a code: every application event and every decided match status.
    for (const e of APPLICATION_EVENTS) actions.add(`application.${e}`);
    for (const s of ['confirmed', 'rejected']) actions.add(`match.${s}`);
    expect([...actions].filter((a) => actionName(a) === a)).toEqual([]);
    expect([...entities].filter((e) => entityName(e) === e)).toEqual([]);
  });

  it('says in words why a file could not be read, for every code the parser fails with', () => {
    const parser = sources('src/invoices').join('\n');
    const codes = new Set([
      ...all(parser, /\bInvoiceParseError\(\s*'([A-Z_]+)'/g),
      ...all(parser, /\bfail\('([A-Z_]+)'/g),
      // A code chosen by a condition: every code on the line that assigns it.
      ...all(parser, /\bcode = ([^;]*);/g).flatMap((expr) => all(expr, /'([A-Z_]+)'/g)),
      ...Object.values(ISOLATION_ERRORS),
    ]);
    for (const known of ['PDF_NO_TEXT', 'OFD_UNSAFE_PATH', 'XML_TOO_DEEP', 'XML_DTD_FORBIDDEN', 'PARSE_TIMEOUT']) expect(codes).toContain(known);
    expect([...codes].filter((c) => parseErrorName(c) === c)).toEqual([]);
  });

  it('names every field of the console forms, so a refused form says in words what to change', async () => {
    const forms = sources('src/console').join('\n');
    // Inputs that are not facts a verb validates: navigation, the CSRF token, the audit log's filters.
    const notValidated = new Set(['viewport', 'next', 'verify', 'entityType', 'entityId', 'actor']);
    const names = new Set(all(forms, /\bname=\{?["'`]([A-Za-z]+)["'`]/g).filter((n) => !notValidated.has(n)));
    expect(names.size).toBeGreaterThan(30);
    expect([...names].filter((n) => fieldName(n) === n)).toEqual([]);

    const rt = await testRuntime();
    try {
      const client = new ConsoleClient(rt);
      expect((await client.signIn((await consoleUser(rt, 'admin', null, '张伟')).id)).res.status).toBe(303);
      const page = await (await client.get('/console/applications?err=VALIDATION_FAILED&fields=note,consortium.2,note')).text();
      expect(page).toContain('需要修改的项目：意见或说明、联合体成员（第 3 项）</p>');
    } finally {
      await rt.close();
    }
  });
});

