import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where the worker's code lives and how to start it. Compiled to dist/, the entry is the .js
 * file beside this module and plain Node runs it. From TypeScript sources (tsx, vitest) the
 * entry is the .ts file: a worker thread inherits neither vite's transform nor, on Node 20,
 * loader hooks given with --import, so a small bootstrap registers tsx inside the worker and
 * then imports the entry.
 */
export interface WorkerLaunch {
  /** A file URL, or bootstrap source when `eval` is true. */
  source: URL | string;
  eval: boolean;
}

export function workerLaunch(moduleUrl: string = import.meta.url): WorkerLaunch {
  const fromSource = /\.[cm]?ts$/u.test(new URL(moduleUrl).pathname);
  if (!fromSource) return { source: new URL('./worker-entry.js', moduleUrl), eval: false };
  const entry = new URL('./worker-entry.ts', moduleUrl).href;
  const tsx = tsxEsmApiUrl(moduleUrl);
  const source =
    `import(${JSON.stringify(tsx)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((err) => { setImmediate(() => { throw err; }); });`;
  return { source, eval: true };
}

/** URL of tsx's ESM API module, read from tsx's own export map. */
function tsxEsmApiUrl(moduleUrl: string): string {
  const pkgPath = createRequire(moduleUrl).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const api = pkg.exports?.['./esm/api'];
  const target = typeof api === 'object' && api.import?.default ? api.import.default : './dist/esm/api/index.mjs';
  return pathToFileURL(join(dirname(pkgPath), target)).href;
}
