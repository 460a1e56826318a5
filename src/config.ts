import { z } from 'zod';
import { describeError } from './logger.js';

/**
 * Every setting comes from the environment and is validated once at start. With no DATABASE_URL and no
 * REDIS_URL the service runs embedded: PGlite under DATA_DIR and jobs in-process.
 */
const url = (protocols: string[]) =>
  z
    .string()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL with protocol ${protocols.join(' or ')}`);

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('cs'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** 32 bytes, hex or base64; encrypts provider signing secrets at rest. */
  SECRET_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  /** Largest request body of any kind; a 100,000-line statement is about 20 MB of JSON. */
  BODY_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  UPLOAD_MAX_BYTES: int(1024, 200 * 1024 * 1024).default(10 * 1024 * 1024),
  SIGNATURE_WINDOW_SECONDS: int(10, 3600).default(300),
  /** Who receives objections to a public notice (公示), as the notice page and its PDF print it. */
  NOTICE_OBJECTION_CONTACT: z.string().min(2).max(300).default('福建省工业和信息化厅（人工智能项目公示异议受理）'),
  /**
   * Requests allowed per user token and per provider key in each fixed window (0 = no limit). Shared
   * through Redis when REDIS_URL is set, so every API process counts against the same budget.
   */
  RATE_LIMIT_WINDOW_SECONDS: int(1, 3600).default(60),
  RATE_LIMIT_PER_TOKEN: int(0, 10_000_000).default(20_000),
  RATE_LIMIT_PER_PROVIDER_KEY: int(0, 10_000_000).default(20_000),
  PARSE_TIMEOUT_MS: int(1000, 600_000).default(30_000),
  /**
   * Heap limit of each parser thread. It also sets how lazily V8 collects that heap: below 2 GB it grows the
   * heap by smaller steps and so marks it more often (about a tenth more CPU per parse at 512 MB than at 2 GB,
   * with the same files). A runaway parse is stopped at the limit or by PARSE_TIMEOUT_MS, whichever comes first.
   */
  PARSE_MAX_MEMORY_MB: int(64, 8192).default(2048),
  /**
   * Parser threads per process (0 = one per CPU core, at most 4). Parsing is CPU-bound: with several worker
   * processes on one host, cores ÷ processes keeps them from competing for the same cores, while
   * WORKER_CONCURRENCY jobs per process overlap their database work with parsing.
   */
  PARSE_THREADS: int(0, 64).default(0),
  /**
   * Jobs run at once per queue and process (0 = two per parser thread): while one job reads its file or writes
   * its result, the next file is already waiting for the parser thread (jobConcurrency).
   */
  WORKER_CONCURRENCY: int(0, 64).default(0),
  OUTBOX_POLL_MS: int(10, 60_000).default(500),
  /**
   * How long the BullMQ relay waits after a commit wakes it before it hands jobs over, so the jobs of
   * commits close together go in one round (one claim, one queue call, one update) rather than one each.
   */
  OUTBOX_RELAY_GATHER_MS: int(0, 1000).default(20),
  /**
   * How long a matching run (and the fraud scan after it) waits before it starts, on the queue or in the embedded runner. Triggers for the same
   * enterprises that arrive meanwhile are covered by that one run, so a burst of uploads re-matches each
   * enterprise about once instead of once per invoice; the position lags a parse by at most this much. Each
   * run re-matches the whole enterprise, so under load a shorter wait mostly buys repeated runs: at 2 s a
   * burst of 23 uploads per enterprise cost two runs each, at 5 s one.
   */
  RECON_COALESCE_MS: int(0, 600_000).default(5000),
  /**
   * How long a worker's hold on a job lasts unless renewed (it renews at half that), and how often workers
   * look for jobs whose holder died: a killed worker's job runs again within about the sum of the two.
   */
  JOB_LOCK_MS: int(1000, 600_000).default(30_000),
  JOB_STALLED_CHECK_MS: int(500, 600_000).default(30_000),
  /**
   * How long a job keeps being retried while something it needs is unreachable (the database or Redis down, a
   * connection reset, a serialization failure) before such failures count against its attempts. Those retries
   * back off exponentially up to JOB_RETRY_MAX_DELAY_MS and spend none of its attempts, which are kept for
   * failures that are the job's own.
   */
  JOB_OUTAGE_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  JOB_RETRY_MAX_DELAY_MS: int(100, 3_600_000).default(60_000),
  /**
   * The sweeper: how often one process (at a time, across all of them) looks for work left behind, and how old
   * that work must be. It puts back the jobs of invoices still `received`, and of statement versions and parsed
   * invoices no matching run has followed, through the outbox (0 = never sweep).
   */
  SWEEP_INTERVAL_MS: int(0, 86_400_000).default(60_000),
  SWEEP_AFTER_MS: int(0, 7 * 86_400_000).default(600_000),
  /** The longest a process takes to stop on SIGTERM: jobs and requests in flight get until then. */
  SHUTDOWN_TIMEOUT_MS: int(1000, 600_000).default(30_000),
  RUN_MIGRATIONS: bool.default(true),
  /** Web console: how long a signed-in session lasts, absolute from sign-in. */
  CONSOLE_SESSION_MINUTES: int(5, 7 * 24 * 60).default(8 * 60),
  /** Web console: wrong passwords in a row before the account is locked. */
  CONSOLE_MAX_FAILED_SIGN_INS: int(1, 100).default(5),
  /** Web console: how long a locked account stays locked. */
  CONSOLE_LOCKOUT_MINUTES: int(1, 24 * 60).default(15),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** True when no DATABASE_URL: PGlite in DATA_DIR. */
  embeddedDatabase: boolean;
  /** True when no REDIS_URL: jobs run in-process. */
  inProcessJobs: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The process cannot start for a reason outside it (the database unreachable, the port taken). Its message is
 * the one line an operator reads: the variable to look at and the real cause.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * Ends a process that could not start with one line and a non-zero exit: a bad setting (78, sysexits'
 * EX_CONFIG) or something outside the process that stops it (1). No stack trace: it would bury the cause,
 * and an error's text may hold what must not be printed (describeError keeps it out).
 */
export function exitOnStartFailure(err: unknown, prefix = 'failed to start'): never {
  if (err instanceof ConfigError) {
    // One bad variable is one line, like every other start-up failure; several are listed under the heading.
    const [heading, ...items] = err.message.split('\n');
    process.stderr.write(items.length === 1 ? `${heading} ${items[0]!.trim()}\n` : `${err.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`${prefix}: ${err instanceof StartupError ? err.message : describeError(err)}\n`);
  process.exit(1);
}

/** Where a service URL points, without its credentials: `host:port/database` for logs and start-up errors. */
export function urlTarget(url: string, defaultPort: number): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || defaultPort}${u.pathname.length > 1 ? u.pathname : ''}`;
}

export function decodeKey(text: string): Buffer | null {
  const buf = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return buf.length === 32 ? buf : null;
}

/** Reads and validates the environment; the error names each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const result = ConfigSchema.safeParse(relevant);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return {
    ...result.data,
    embeddedDatabase: result.data.DATABASE_URL === undefined,
    inProcessJobs: result.data.REDIS_URL === undefined,
  };
}
