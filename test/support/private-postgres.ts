import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { freePort } from './ports.js';

/** The newest server binaries of the Debian/Ubuntu layout, e.g. /usr/lib/postgresql/15/bin. */
function findBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

const BIN = findBinDir();
const isRoot = process.getuid?.() === 0;

/**
 * Postgres refuses to run as root. As root the server runs as the `postgres` OS user; the uid is set on the
 * spawned process itself (not through runuser), so stop signals reach the postmaster directly.
 */
function serverUser(): { uid: number; gid: number } | null {
  if (!isRoot) return null;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const USER = serverUser();

/** True when initdb and postgres are installed and can be run from here. */
export const hasPostgresServer = BIN !== null && (!isRoot || USER !== null);
export const postgresSkipReason = BIN === null
  ? 'no Postgres server binaries under /usr/lib/postgresql/*/bin'
  : 'running as root without a `postgres` OS user to run the server as';

/**
 * A throwaway Postgres cluster on a spare port, for tests that stop or restart the database. Trust auth,
 * no fsync (nothing here must survive a power cut, only a restart), its socket and data in a temp dir.
 */
export class PrivatePostgres {
  private proc: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    if (!BIN) throw new Error(postgresSkipReason);
    const dir = mkdtempSync(join(tmpdir(), 'cs-pg-'));
    if (USER) chownSync(dir, USER.uid, USER.gid);
    const init = spawnSync(join(BIN, 'initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'], {
      encoding: 'utf8',
      ...(USER ?? {}),
    });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    const server = new PrivatePostgres(await freePort(), dir);
    await server.start();
    return server;
  }

  /** A URL for database `name` (created with `createDatabase`, or the default `postgres`). */
  url(name = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${name}`;
  }

  async createDatabase(name: string): Promise<string> {
    const admin = postgres(this.url(), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-h', '127.0.0.1',
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=60'];
    const proc = spawn(join(BIN!, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...(USER ?? {}) });
    this.proc = proc;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`postgres did not start:\n${log}`)), 20_000);
      proc.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited with ${code}:\n${log}`));
      });
    });
    // Keep draining the log so a chatty server never blocks on a full pipe.
    proc.stderr!.removeAllListeners('data');
    proc.stderr!.resume();
  }

  /** Fast shutdown (SIGINT): open transactions are rolled back and clients are disconnected at once. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGINT');
    });
    this.proc = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

