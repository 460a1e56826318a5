/**
 * `node --import ./test/foundation/module-recorder.mjs …`: appends the URL of every module the process (and
 * its worker threads) loads to the file named by MODULE_RECORD_FILE, one a line. Loading goes through the
 * hooks of the ESM loader, so what tsx compiles from src/ is recorded too; worker-graph.test.ts reads it.
 */
import { register } from 'node:module';

register(new URL('./module-recorder-hooks.mjs', import.meta.url), { data: { file: process.env.MODULE_RECORD_FILE } });
