import type { Context } from 'hono';
import type { ServiceContext } from '../services/context.js';
import type { AppEnv } from './env.js';

export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const deps = c.get('deps');
  return {
    db: deps.db,
    principal: c.get('principal'),
    requestId: c.get('requestId'),
    logger: c.get('logger'),
    jobs: deps.jobs,
    clock: deps.clock,
    signature: c.get('signatureNonce'),
  };
}
