import type { Options } from 'postgres';

/** Told what becomes of a LISTEN on one channel. */
export interface ChannelWatcher {
  /** A notification on the channel: a transaction that notified it has committed. */
  notified(): void;
  /** Listening (again): every later commit is notified; any before may have been missed. */
  listening(): void;
  /** Not listening: commits may go unnotified until `listening` is called again. */
  lost(): void;
}

/** Stops watching; resolves once the listening connection is closed. */
export type StopWatching = () => Promise<void>;

const RETRY_MS = { first: 100, max: 2_000 };

/**
 * LISTEN on its own connection, outside the pool: a pooled connection runs other queries and may be
 * recycled, and notifications reach only the session that listens. When the connection drops (the
 * database restarted, a network fault) the watcher hears `lost` at once and the LISTEN is tried again,
 * with backoff up to 2 s, until it holds.
 */
export async function watchPostgresChannel(url: string, channel: string, watcher: ChannelWatcher, options: Pick<Options<{}>, 'connect_timeout'> = {}): Promise<StopWatching> {
  const { default: postgres } = await import('postgres');
  let stopped = false;
  let retryMs = RETRY_MS.first;
  let timer: NodeJS.Timeout | null = null;
  // The driver delivers notifications to `onnotify` (its own listen helper uses it) but does not type it.
  const listenerOptions: Options<{}> & { onnotify(channel: string, payload: string): void } = {
    ...options,
    max: 1,
    // 0: never closed for being idle or old; listening is all it does.
    idle_timeout: 0,
    max_lifetime: 0,
    fetch_types: false,
    onnotice: () => {},
    onnotify: (name) => {
      if (name === channel) watcher.notified();
    },
    onclose: () => {
      watcher.lost();
      if (!stopped) retry();
    },
  };
  const client = postgres(url, listenerOptions);
  const retry = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void listen();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MS.max);
  };
  const listen = async (): Promise<void> => {
    try {
      await client.unsafe(`listen "${channel.replace(/"/g, '""')}"`);
      retryMs = RETRY_MS.first;
      watcher.listening();
    } catch {
      // Whether or not the driver also reports a close, the retry is scheduled once.
      watcher.lost();
      if (!stopped) retry();
    }
  };
  watcher.lost();
  await listen();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client.end({ timeout: 5 });
  };
}
