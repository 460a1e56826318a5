/**
 * Writes generated invoices with their expected fields, for tests and benchmarks:
 *
 *   npx tsx test/generators/cli.ts --count 100 --out /tmp/invoices --seed 1 [--formats pdf,ofd,xml]
 *     [--generations digital,legacy] [--buyer <uscc>] [--seller <uscc>[,<uscc>…]] [--year 2026]
 *     [--red-share 0.1] [--no-statements]
 *
 * Each invoice is `<out>/<nnnn>_<number>.<ext>` with `<file>.json` beside it in the fixtures'
 * format; `<out>/statements/<seller>.json` holds a provider statement matching the batch.
 */
import { CliError, USAGE, parseCliArgs, writeBatch } from './cli-lib.js';

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  const written = await writeBatch(options);
  const count = (pick: (w: (typeof written)[number]) => string) => {
    const tally = new Map<string, number>();
    for (const w of written) tally.set(pick(w), (tally.get(pick(w)) ?? 0) + 1);
    return [...tally].map(([k, n]) => `${k} ${n}`).join(', ');
  };
  process.stdout.write(
    `wrote ${written.length} invoices to ${options.out}\n` +
      `  formats: ${count((w) => w.invoice.format)}\n` +
      `  generations: ${count((w) => w.invoice.expected.style)}\n` +
      `  red: ${written.filter((w) => w.invoice.expected.isRed).length}, multi-page: ${written.filter((w) => (w.invoice.expected.pages ?? 1) > 1).length}\n`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof CliError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  throw err;
});
