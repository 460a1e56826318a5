import type { Config } from '../config.js';
import type { Principal } from '../identity/principal.js';
import type { SignatureNonce } from '../identity/signature-nonce.js';
import type { OutageReporter } from '../jobs/outage.js';
import type { JobRunner } from '../jobs/runner.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ServiceContext } from '../services/context.js';
import type { RateLimitStore } from './rate-limit.js';
import type { PrincipalCache } from '../services/identity/principal-cache.js';

/** Everything a request handler may use, built once in the composition root. */
export interface AppDeps {
  config: Config;
  /** Handed to the verbs; the app itself never queries. */
  db: ServiceContext['db'];
  jobs: JobRunner;
  logger: Logger;
  metrics: Metrics;
  /** Injected so tests can move time (signature windows, notice periods). */
  clock: () => Date;
  /** Key that seals provider secrets at rest. */
  secretKey: Buffer;
  /** Request counts per credential, shared by every API process when on Redis. */
  rateLimits: RateLimitStore;
  /** What each bearer token stood for, forgotten on every identity change the database notifies. */
  principals: PrincipalCache;
  /** Database reachability for /readyz. */
  pingDb(): Promise<void>;
  /**
   * A request that cannot reach the database reports it here, so an outage is logged once, not per request;
   * /readyz reports it back, so its end is said even while Redis (which the relay waits for) is still away.
   */
  databaseOutage: Pick<OutageReporter, 'failed' | 'recovered'>;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    principal: Principal | null;
    logger: Logger;
    /** A provider's request signature still to be spent by the service's transaction (provider-auth.ts). */
    signatureNonce?: SignatureNonce;
  };
}
