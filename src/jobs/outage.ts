import { describeError, type Logger } from '../logger.js';

/**
 * Says once that a dependency became unreachable, then nothing more until it is back (one line with how long
 * it was away and how many failures that cost), with a reminder every `summaryEveryMs` while it stays away.
 * Every connection of a process retries every few seconds during an outage; one warning per retry buries
 * the one line an operator needs.
 */
export class OutageReporter {
  private since: number | null = null;
  private failures = 0;
  private lastSaid = 0;
  private cause = '';
  private recoveredAt = -Infinity;

  constructor(
    private readonly logger: Logger,
    /** What is unreachable, as the operator configures it: `REDIS_URL 10.0.0.5:6379`. */
    private readonly target: string,
    /** What the service does meanwhile. */
    private readonly meanwhile: string,
    private readonly summaryEveryMs = 300_000,
    /**
     * How long after it is back failures still belong to the outage that ended: each pooled connection the
     * outage broke fails once more when next used, and a server just restarted may still be starting up.
     */
    private readonly settleMs = 10_000,
  ) {}

  get down(): boolean {
    return this.since !== null;
  }

  /** The last failure in words ("connection refused"), or null while reachable. */
  get problem(): string | null {
    return this.since === null ? null : this.cause;
  }

  failed(err: unknown): void {
    const now = Date.now();
    this.cause = describeError(err);
    if (this.since === null && now - this.recoveredAt < this.settleMs) {
      this.logger.debug({ target: this.target, cause: this.cause }, `${this.target}: a connection broken by the outage that just ended failed`);
      return;
    }
    this.failures++;
    if (this.since === null) {
      this.since = now;
      this.failures = 1;
      this.lastSaid = now;
      this.logger.warn({ target: this.target, cause: this.cause }, `${this.target} unreachable: ${this.cause}; ${this.meanwhile}`);
      return;
    }
    if (now - this.lastSaid < this.summaryEveryMs) return;
    this.lastSaid = now;
    const seconds = Math.round((now - this.since) / 1000);
    this.logger.warn(
      { target: this.target, cause: this.cause, seconds, failures: this.failures },
      `${this.target} still unreachable after ${seconds} s: ${this.cause} (${this.failures} failed attempts to reach it)`,
    );
  }

  recovered(): void {
    if (this.since === null) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    this.logger.info(
      { target: this.target, seconds, failures: this.failures },
      `${this.target} reachable again after ${seconds} s (${this.failures} failed attempts to reach it meanwhile)`,
    );
    this.since = null;
    this.failures = 0;
    this.recoveredAt = Date.now();
  }
}
