import type { ChannelWatcher } from '../../db/channel-watch.js';
import type { UserPrincipal } from '../scope.js';

/** The channel the database notifies when a statement may change what a token stands for (migration 0012). */
export const IDENTITY_CHANNEL = 'identity_changed';

/** Identity writes committed through each database handle of this process, counted; caches compare the count. */
const writesThrough = new WeakMap<object, number>();

/**
 * For a verb that revoked a token or disabled a user, once committed: the cache over the same database handle
 * forgets every principal at once. The database's notice would do it too, but it travels on another
 * connection and may arrive after the caller's next request.
 */
export function identityChangedThrough(db: object): void {
  writesThrough.set(db, (writesThrough.get(db) ?? 0) + 1);
}

/** Where a lookup started: a principal read from then is kept only if nothing changed meanwhile. */
export interface Ticket {
  generation: number;
  writesHere: number;
}

interface Entry extends Ticket {
  principal: UserPrincipal;
  at: number;
}

/**
 * The principal each bearer token stood for at its last lookup, keyed by the token's hash: looking it up was
 * a query on every request. It is used only while the process listens to the database's `identity_changed`
 * notices (any revocation, disabling or edit of a user, by any process or by hand, notifies in its own
 * transaction), and all of it is forgotten on each notice, on a write of this process, and whenever the
 * listening is lost or starts again. A lookup that started before a change is not kept. Refusals are not
 * cached, so a new token works at once; an entry older than `maxAgeMs` is looked up again regardless.
 */
export class PrincipalCache implements ChannelWatcher {
  private generation = 0;
  private live = false;
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** The database handle this process's verbs write through (`identityChangedThrough`). */
    private readonly db: object,
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  notified(): void {
    this.forget();
  }

  listening(): void {
    this.live = true;
    this.forget();
  }

  lost(): void {
    this.live = false;
    this.forget();
  }

  get(tokenHash: string): UserPrincipal | null {
    if (!this.live) return null;
    const e = this.entries.get(tokenHash);
    if (!e) return null;
    if (e.generation !== this.generation || e.writesHere !== this.writesHere() || this.now() - e.at > this.maxAgeMs) {
      this.entries.delete(tokenHash);
      return null;
    }
    return e.principal;
  }

  /** Taken before the lookup's query is sent. */
  ticket(): Ticket {
    return { generation: this.generation, writesHere: this.writesHere() };
  }

  store(tokenHash: string, principal: UserPrincipal, ticket: Ticket): void {
    if (!this.live || ticket.generation !== this.generation || ticket.writesHere !== this.writesHere()) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { principal: Object.freeze({ ...principal }), at: this.now(), ...ticket });
  }

  get size(): number {
    return this.entries.size;
  }

  private writesHere(): number {
    return writesThrough.get(this.db) ?? 0;
  }

  private forget(): void {
    this.generation++;
    this.entries.clear();
  }
}
