import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The typeface every PDF of the service sets its Chinese in: Noto Sans SC from the npm package the project
 * depends on, so a letter renders the same on a fresh machine with no system fonts. pdfkit embeds only the
 * glyphs a document uses (a subset), so a one-page letter stays small although the font file is 10 MB.
 */
const require = createRequire(import.meta.url);

const FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export type FontWeight = keyof typeof FILES;

const loaded = new Map<FontWeight, Buffer>();

/** The font's bytes, read once per process: every document after the first reuses them. */
export function fontBytes(weight: FontWeight): Buffer {
  let bytes = loaded.get(weight);
  if (!bytes) {
    bytes = readFileSync(require.resolve(FILES[weight]));
    loaded.set(weight, bytes);
  }
  return bytes;
}
