import { PDFParse } from 'pdf-parse';

/** A PDF's text as a reader's copy-and-paste would give it, with whitespace runs folded to one space. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

/** The fonts a PDF names, as its font dictionaries write them (/BaseFont /ABCDEF+NotoSansSC-Regular). */
export function baseFonts(bytes: Uint8Array): string[] {
  return [...Buffer.from(bytes).toString('latin1').matchAll(/\/BaseFont\s*\/([^\s/<>\]]+)/g)].map((m) => m[1]!);
}
