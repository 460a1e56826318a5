import { parseInvoice } from '../../src/invoices/parse.js';
import { usableFixtures } from './fixture-files.js';
import { timedLoop } from './timed-loop.js';

/** One core's raw parsing rate over the fixture mix (protocol: timed-loop.ts; argv: rounds, warm passes). */
await timedLoop(usableFixtures(), parseInvoice);
