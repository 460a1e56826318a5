/**
 * The Node flags a worker process starts with. `npm run worker`, docker-compose.yml and the README's
 * compiled command pass the same (test/foundation/worker-flags.test.ts holds them together), and the
 * ingest benchmark starts its workers with them.
 *
 * V8 gives every process four helper threads for background collection and compilation. A worker host is
 * already kept busy by its parser threads (one per core, PARSE_THREADS), so more helpers only take turns
 * on the same cores: with two worker processes on two cores the pipeline measured 95–100 CPU ms per
 * invoice with four helpers each and 83–86 with one or two. Two keep background collection parallel
 * where a process runs several parser threads.
 *
 * V8 lets a heap grow to up to four times what survived its last full collection before the next one (a factor
 * it picks from the heap limit and its own speed); each parser thread keeps about 40 MB alive, so two threads
 * swung between 450 and 800 MB resident. A fixed factor of two (--heap-growing-percent=100; V8 flags are
 * per process, and a worker process is mostly its parser threads) holds a worker parsing 10,000 invoices near
 * 450 MB for about 2% more CPU per invoice (the memory bench runs both).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--v8-pool-size=2', '--heap-growing-percent=100'];
