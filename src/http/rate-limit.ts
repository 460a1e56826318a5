import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';
import { looksLikeProviderKeyId } from '../identity/tokens.js';
import { rateLimited } from '../services/errors.js';
import { bearerCredential } from './credentials.js';

/**
 * Fixed-window request counting per credential: one budget per user token and one per provider key,
 * sizes from config (RATE_LIMIT_*). The count lives in Redis when REDIS_URL is set, so every API
 * process spends the same budget; otherwise in this process.
 */
export interface RateLimitStore {
  /** Spends one request of `key`'s budget of `limit` in window number `window`; false once that budget is spent. */
  take(key: string, window: number, windowMs: number, limit: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What each credential holds in the current window only, so memory is bounded by the credentials seen in one
 * window. A late request from an earlier window (clock skew between calls) counts in the current one.
 */
class CurrentWindow<V> {
  number = -1;
  readonly entries = new Map<string, V>();

  /** Moves on to window `window` if it is later; answers the window a request stamped with it counts in. */
  enter(window: number): number {
    if (window > this.number) {
      this.number = window;
      this.entries.clear();
    }
    return this.number;
  }
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counts = new CurrentWindow<number>();

  async take(key: string, window: number, _windowMs: number, limit: number): Promise<boolean> {
    return this.hit(key, window) <= limit;
  }

  /** Counts one request for `key` in window number `window` and returns the count so far. */
  hit(key: string, window: number): number {
    this.counts.enter(window);
    const n = (this.counts.entries.get(key) ?? 0) + 1;
    this.counts.entries.set(key, n);
    return n;
  }

  async close(): Promise<void> {
    this.counts.entries.clear();
  }
}

/**
 * Reserves a block of the window's count and sets the expiry with the window's first reservation, in one
 * atomic command; returns the count reserved so far, this block included.
 */
const RESERVE_SCRIPT = `local n = redis.call('INCRBY', KEYS[1], ARGV[1])
if n == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n`;
const RESERVE_SHA = createHash('sha1').update(RESERVE_SCRIPT).digest('hex');

/**
 * A process holds at most this share of a budget reserved and not yet spent, so across n processes a
 * credential is refused at worst n per cent early, and never let past its limit.
 */
const LEASE_SHARE = 0.01;
/** A larger block saves nothing noticeable: at 64 one round trip serves 64 requests. */
const LEASE_MAX = 64;

/** Requests of one credential in the current window: what this process reserved in Redis and what it spent. */
interface Lease {
  granted: number;
  spent: number;
  /** Redis counted past the limit: nothing more can be granted in this window. */
  exhausted: boolean;
  reserving: Promise<void> | null;
}

/**
 * The count lives in Redis, shared by every API process, but is reserved in blocks of up to 1% of the
 * budget (`LEASE_SHARE`) and spent here: a round trip to Redis for every request was the largest single
 * cost of a read. A budget under 200 is reserved one request at a time, so small limits stay exact.
 * While Redis cannot be reached the process counts on its own (a per-process limit) rather than refusing
 * every request or limiting nothing.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimitStore();
  private readonly startedAt = Date.now();
  private warnedAt = 0;
  private readonly leases = new CurrentWindow<Lease>();

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(200 * times, 2000),
    });
    this.redis.on('error', () => {
      // Reported when a count falls back (below); ioredis reconnects by itself.
    });
  }

  async take(key: string, stamped: number, windowMs: number, limit: number): Promise<boolean> {
    const window = this.leases.enter(stamped);
    let lease = this.leases.entries.get(key);
    if (!lease) this.leases.entries.set(key, (lease = { granted: 0, spent: 0, exhausted: false, reserving: null }));
    try {
      for (;;) {
        if (lease.spent < lease.granted) {
          lease.spent++;
          return true;
        }
        if (lease.exhausted) return false;
        // Concurrent requests of one credential wait for one reservation rather than each making their own.
        const current = lease;
        current.reserving ??= this.reserve(current, key, window, windowMs, limit).finally(() => (current.reserving = null));
        await current.reserving;
      }
    } catch (err) {
      // The first requests after start may beat the connection; only a lasting outage is worth a warning.
      if (Date.now() - this.startedAt > 10_000 && Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'rate limit store unavailable; counting per process');
      }
      return this.fallback.take(key, window, windowMs, limit);
    }
  }

  private async reserve(lease: Lease, key: string, window: number, windowMs: number, limit: number): Promise<void> {
    const block = Math.max(1, Math.min(LEASE_MAX, Math.floor(limit * LEASE_SHARE)));
    const redisKey = `${this.prefix}:ratelimit:${key}:${window}`;
    const reserved = Number(
      await this.redis.evalsha(RESERVE_SHA, 1, redisKey, block, windowMs * 2).catch((err: unknown) => {
        // After a Redis restart (or SCRIPT FLUSH) the server no longer knows the script: send it once more.
        if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return this.redis.eval(RESERVE_SCRIPT, 1, redisKey, block, windowMs * 2);
        throw err;
      }),
    );
    // This block is counts reserved - block + 1 .. reserved; only those within the limit may be spent.
    const grant = Math.max(0, Math.min(block, limit - (reserved - block)));
    lease.granted += grant;
    if (grant < block) lease.exhausted = true;
  }

  /** Resolves once connected; until then counts fall back to this process. */
  async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve) => this.redis.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export function createRateLimitStore(config: Config, logger: Logger): RateLimitStore {
  return config.REDIS_URL ? new RedisRateLimitStore(config.REDIS_URL, config.QUEUE_PREFIX, logger) : new MemoryRateLimitStore();
}

/** Credentials are never stored as given: a token is a secret, and a key id need not be bounded in length. */
const bucketKey = (kind: 'token' | 'provider', credential: string) =>
  `${kind}:${createHash('sha256').update(credential).digest('hex').slice(0, 32)}`;

/** Counts one request against the credential's budget; throws 429 RATE_LIMITED with Retry-After past it. */
export async function enforceRateLimit(c: Context<AppEnv>, kind: 'token' | 'provider', credential: string): Promise<void> {
  const { config, rateLimits, clock } = c.get('deps');
  const limit = kind === 'token' ? config.RATE_LIMIT_PER_TOKEN : config.RATE_LIMIT_PER_PROVIDER_KEY;
  if (limit === 0) return;
  const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const now = clock().getTime();
  const window = Math.floor(now / windowMs);
  if (!(await rateLimits.take(bucketKey(kind, credential), window, windowMs, limit))) {
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    const who = kind === 'token' ? 'this token' : 'this provider key';
    throw rateLimited(`${who} has made more than ${limit} requests in ${config.RATE_LIMIT_WINDOW_SECONDS} s; retry after ${retryAfter} s`, retryAfter);
  }
}

/**
 * User tokens are counted before they are looked up, so a flood never reaches the database; only the
 * token's holder can spend its budget. Provider key ids are not secret, so they are counted only once
 * the signature holds (provider-auth.ts), lest anyone exhaust a provider's budget by naming its key.
 * A user token may have any shape (an operator chooses BOOTSTRAP_ADMIN_TOKEN); one shaped like a key id
 * is counted once it has been looked up (auth.ts).
 */
export function rateLimitUserTokens(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerCredential(c);
    if (token && !looksLikeProviderKeyId(token)) await enforceRateLimit(c, 'token', token);
    await next();
  };
}
