import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKER_NODE_FLAGS } from '../../workers/node-flags.js';

/** Every way the project documents to start a worker passes the worker's Node flags. */
describe('worker process flags', () => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

  it('npm run worker starts node with them', () => {
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.worker!;
    expect(script.startsWith(`node ${WORKER_NODE_FLAGS.join(' ')} `)).toBe(true);
  });

  it('docker compose and the README start compiled workers with them', () => {
    const args = ['node', ...WORKER_NODE_FLAGS, 'dist/workers/main.js'];
    expect(read('docker-compose.yml')).toContain(`command: ${JSON.stringify(args).replaceAll(',', ', ')}`);
    expect(read('README.md')).toContain(`\`${args.join(' ')}\``);
  });
});
