import type { ChannelWatcher } from '../../db/channel-watch.js';
import type { UserPrincipal } from '../scope.js';

/** The channel the database notifies when a statement may change what a token stands for (migration 0012). */
export const IDENTITY_CHANNEL = 'identity_changed';

/** The caches over each database handle of this process, so a verb writing through it can reach them. */
const cachesOver = new WeakMap<object, Set<PrincipalCache>>();

/**
 * For a verb that revoked a token or disabled a user, once committed: the caches over the same database handle
 * forget every principal at once. The database's notice would do it too, but it travels on another
 * connection and may arrive after the caller's next request.
 */
export function identityChangedThrough(db: object): void {
  for (const cache of cachesOver.get(db) ?? []) cache.notified();
}

/** Where a lookup started (the cache's generation then): a principal read from then is kept only if nothing changed meanwhile. */
export type Ticket = number;

interface Entry {
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
    db: object,
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    let caches = cachesOver.get(db);
    if (!caches) cachesOver.set(db, (caches = new Set()));
    caches.add(this);
  }

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
    if (this.now() - e.at > this.maxAgeMs) {
      this.entries.delete(tokenHash);
      return null;
    }
    return e.principal;
  }

  /** Taken before the lookup's query is sent. */
  ticket(): Ticket {
    return this.generation;
  }

  store(tokenHash: string, principal: UserPrincipal, ticket: Ticket): void {
    if (!this.live || ticket !== this.generation) return;
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { principal: Object.freeze({ ...principal }), at: this.now() });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every change forgets everything: entries are only ever from the current generation. */
  private forget(): void {
    this.generation++;
    this.entries.clear();
  }
}
