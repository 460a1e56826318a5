import { PDFParse } from 'pdf-parse';
import { usableFixtures } from './fixture-files.js';
import { timedLoop } from './timed-loop.js';

/**
 * One core running pdf-parse `getText()` with its defaults over the PDF fixtures, nothing else: the baseline
 * of the embedded ingest figure (protocol: timed-loop.ts; argv: rounds, warm passes).
 */
async function getText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

await timedLoop(usableFixtures(['.pdf']), getText);
