import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, decodeKey, type Config } from './config.js';

/**
 * The key that seals provider secrets. Embedded, a key is generated once into DATA_DIR; on Postgres every
 * process must share one, so it has to come from SECRET_ENCRYPTION_KEY.
 */
export function loadSecretKey(config: Config): Buffer {
  if (config.SECRET_ENCRYPTION_KEY) return decodeKey(config.SECRET_ENCRYPTION_KEY)!;
  if (!config.embeddedDatabase) {
    throw new ConfigError('invalid configuration:\n  SECRET_ENCRYPTION_KEY: required when DATABASE_URL is set (32 bytes, hex or base64)');
  }
  if (config.DATA_DIR.startsWith('memory://')) return randomBytes(32);
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const key = decodeKey(readFileSync(file, 'utf8').trim());
  if (!key) throw new ConfigError(`invalid secret key file ${file}`);
  return key;
}
