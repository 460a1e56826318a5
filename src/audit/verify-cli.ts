import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { verifyAuditChain } from './verify.js';

/** `npm run audit:verify`: exit 0 when the chain holds, 1 naming the first broken row. */
const config = loadConfig();
const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, 'pglite') });
try {
  const verdict = await verifyAuditChain(database.db);
  if (verdict.ok) {
    process.stdout.write(`audit chain intact: ${verdict.rows} events, last hash ${verdict.lastHash}\n`);
  } else {
    process.stdout.write(`audit chain BROKEN at seq ${verdict.brokenSeq} (id ${verdict.brokenId}): ${verdict.reason}\n`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
