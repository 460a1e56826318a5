import { loadConfig } from '../config.js';
import { openDatabase } from './client.js';
import { migrate } from './migrate.js';
import { join } from 'node:path';

const config = loadConfig();
const database = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: join(config.DATA_DIR, 'pglite'),
});
await migrate(database);
await database.close();
process.stdout.write(`migrations applied (${database.kind})\n`);
