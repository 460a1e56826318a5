import { appendFileSync } from 'node:fs';

/** Loader hooks for module-recorder.mjs: they only record, then hand the module on unchanged. */
let file;

export function initialize(data) {
  file = data?.file;
}

export async function load(url, context, nextLoad) {
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
