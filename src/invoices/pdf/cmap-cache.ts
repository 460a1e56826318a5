import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadKeepingNativePush } from './native-push.js';

/**
 * pdf.js parses the predefined CMaps (UniGB-UCS2-H, Adobe-GB1-UCS2 …) of a non-embedded Chinese font anew for
 * every document, and builds the font's character-to-Unicode table from them anew as well: on a legacy 税控
 * invoice that is about three quarters of the whole parse. The parsed CMaps and tables never change, so this
 * thread loads pdf.js's worker code with a small amendment that keeps them for the life of the thread (one
 * parser thread = one cache), shared by every later document.
 *
 * pdf.js offers no hook for this: its CMapReaderFactory only supplies the bytes, which CachedCMapReader already
 * keeps, and the parsing lives inside the worker module. The amendment is applied to the pinned pdfjs-dist's
 * source text at load; every anchor must be found exactly once, so a pdf.js upgrade that moves them fails the
 * first PDF (and the CMap cache test) instead of silently parsing slower or differently.
 */

interface Amendment {
  why: string;
  find: string;
  replace: string;
}

// Runs inside pdf.js's worker module, where CMap, ToUnicodeMap and createBuiltInCMapUncached are in scope.
const CACHED_CREATE = `
const parsedCMapCache = {
  cMaps: new Map(), parsed: new WeakSet(), toUnicode: new WeakMap(), copies: new WeakMap(), fontChars: new WeakMap(),
  built: 0, reused: 0, tablesBuilt: 0, tablesReused: 0, fontCharsBuilt: 0, fontCharsReused: 0,
};
async function createBuiltInCMap(name, fetchBuiltInCMap) {
  const cached = parsedCMapCache.cMaps.get(name);
  if (cached) {
    try {
      const cMap = await cached;
      parsedCMapCache.reused++;
      return cMap;
    } catch {
      // The document whose read this was failed it (destroyed mid-read): read it again for this one.
    }
  }
  const pending = createBuiltInCMapUncached(name, fetchBuiltInCMap).then((cMap) => {
    parsedCMapCache.parsed.add(cMap);
    parsedCMapCache.built++;
    return cMap;
  });
  parsedCMapCache.cMaps.set(name, pending);
  pending.catch(() => {
    if (parsedCMapCache.cMaps.get(name) === pending) parsedCMapCache.cMaps.delete(name);
  });
  return pending;
}
`;

const AMENDMENTS: Amendment[] = [
  {
    why: 'a predefined CMap is parsed once per thread; parsed CMaps are not changed after parsing (useCMap only reads its parent)',
    find: 'async function createBuiltInCMap(name, fetchBuiltInCMap) {',
    replace: `${CACHED_CREATE}\nasync function createBuiltInCMapUncached(name, fetchBuiltInCMap) {`,
  },
  {
    why: "a font's table from a cached CMap through a UCS2 CMap is built once and shared (copied on its first amendment)",
    find: 'const ucs2CMapName = Name.get(`${registry}-${ordering}-UCS2`);',
    replace:
      'const ucs2CMapName = Name.get(`${registry}-${ordering}-UCS2`);\n' +
      '      const tables = parsedCMapCache.toUnicode.get(properties.cMap);\n' +
      '      const table = tables?.get(ucs2CMapName.name);\n' +
      '      if (table) {\n' +
      '        parsedCMapCache.tablesReused++;\n' +
      '        const copy = new ToUnicodeMap(table);\n' +
      '        parsedCMapCache.copies.set(copy, table);\n' +
      '        return copy;\n' +
      '      }',
  },
  {
    why: 'keep the table just built, for the cached CMap it was built from',
    find: '      return new ToUnicodeMap(toUnicode);\n    }\n    return new IdentityToUnicodeMap(properties.firstChar, properties.lastChar);',
    replace:
      '      if (parsedCMapCache.parsed.has(properties.cMap)) {\n' +
      '        let tables = parsedCMapCache.toUnicode.get(properties.cMap);\n' +
      '        if (!tables) parsedCMapCache.toUnicode.set(properties.cMap, (tables = new Map()));\n' +
      '        const table = toUnicode;\n' +
      '        tables.set(ucs2CMapName.name, table);\n' +
      '        parsedCMapCache.tablesBuilt++;\n' +
      '        const built = new ToUnicodeMap(toUnicode);\n' +
      '        parsedCMapCache.copies.set(built, table);\n' +
      '        return built;\n' +
      '      }\n' +
      '      return new ToUnicodeMap(toUnicode);\n    }\n    return new IdentityToUnicodeMap(properties.firstChar, properties.lastChar);',
  },
  {
    why: 'a shared table is copied before pdf.js amends it in place (the only write to a ToUnicodeMap after construction)',
    find: '  amend(map) {\n    for (const charCode in map) {\n      this._map[charCode] = map[charCode];',
    replace:
      '  amend(map) {\n' +
      '    if (parsedCMapCache.copies.delete(this)) this._map = this._map.slice();\n' +
      '    for (const charCode in map) {\n      this._map[charCode] = map[charCode];',
  },
  {
    why: "a non-embedded composite font's glyph map follows from its table alone: built once per cached table and shared (pdf.js only reads toFontChar)",
    find: '      const map = [];\n      this.toUnicode.forEach((charCode, unicodeCharCode) => {\n        if (!this.composite) {',
    replace:
      '      const cachedFrom = this.composite ? parsedCMapCache.copies.get(this.toUnicode) : undefined;\n' +
      '      const cachedMap = cachedFrom && parsedCMapCache.fontChars.get(cachedFrom);\n' +
      '      if (cachedMap) parsedCMapCache.fontCharsReused++;\n' +
      '      const map = cachedMap ?? [];\n' +
      '      if (!cachedMap) this.toUnicode.forEach((charCode, unicodeCharCode) => {\n        if (!this.composite) {',
  },
  {
    why: 'keep the glyph map just built from a cached table',
    find: '      if (this.composite && this.toUnicode instanceof IdentityToUnicodeMap) {\n        if (/Tahoma|Verdana/i.test(name)) {',
    replace:
      '      if (cachedFrom && !cachedMap) {\n' +
      '        parsedCMapCache.fontChars.set(cachedFrom, map);\n' +
      '        parsedCMapCache.fontCharsBuilt++;\n' +
      '      }\n' +
      '      if (this.composite && this.toUnicode instanceof IdentityToUnicodeMap) {\n        if (/Tahoma|Verdana/i.test(name)) {',
  },
  {
    why: "a ToUnicodeMap may be amended in place: it must not share a cached CMap's own array",
    find: 'return new ToUnicodeMap(cmap.getMap());',
    replace: 'return new ToUnicodeMap(cmap.getMap().slice());',
  },
  {
    why: 'no source map: it is named relative to the package directory, which a data: URL has none of, and Node with source maps on (tsx) refuses such a module',
    find: '//# sourceMappingURL=pdf.worker.mjs.map',
    replace: '',
  },
  {
    why: 'the counters, for the test that the cache is in use',
    find: 'export { WorkerMessageHandler };',
    replace: 'export { WorkerMessageHandler, parsedCMapCache };',
  },
];

export interface CMapCacheStats {
  /** Predefined CMaps parsed in this thread, and reads served from the parsed ones. */
  built: number;
  reused: number;
  /** Font tables built from cached CMaps, and fonts served a copy of one. */
  tablesBuilt: number;
  tablesReused: number;
  /** Glyph maps of non-embedded fonts built from cached tables, and fonts served a copy of one. */
  fontCharsBuilt: number;
  fontCharsReused: number;
}

interface AmendedWorker {
  WorkerMessageHandler: unknown;
  parsedCMapCache: CMapCacheStats;
}

export function amendWorkerSource(source: string): string {
  let out = source;
  for (const a of AMENDMENTS) {
    const first = out.indexOf(a.find);
    if (first < 0 || out.indexOf(a.find, first + a.find.length) >= 0) {
      throw new Error(`pdf.js worker source changed: the anchor for "${a.why}" is not found exactly once`);
    }
    out = out.slice(0, first) + a.replace + out.slice(first + a.find.length);
  }
  return out;
}

let loaded: Promise<AmendedWorker> | null = null;

/**
 * The amended worker module, loaded once per thread. Imported from a data: URL so nothing is written to disk
 * (node_modules may be read-only); the module imports nothing statically, and the only dynamic import it has
 * (a JPEG 2000 decoder fallback) is for rendering images, which the parser never does.
 */
export function loadCachedCMapWorker(): Promise<AmendedWorker> {
  loaded ??= (async () => {
    const path = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const source = amendWorkerSource(await readFile(path, 'utf8'));
    const url = `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`;
    // The module announces itself as the process's pdf.js worker (globalThis.pdfjsWorker); other users of
    // pdf.js in the process keep theirs: this one is connected to the parser's documents directly.
    const global = globalThis as { pdfjsWorker?: unknown };
    const before = global.pdfjsWorker;
    try {
      return await loadKeepingNativePush(() => import(/* @vite-ignore */ url) as Promise<AmendedWorker>);
    } finally {
      if (before === undefined) delete global.pdfjsWorker;
      else global.pdfjsWorker = before;
    }
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}

/** What the CMap cache of this thread has done so far (zeros before the first PDF). */
export async function cmapCacheStats(): Promise<CMapCacheStats> {
  if (!loaded) return { built: 0, reused: 0, tablesBuilt: 0, tablesReused: 0, fontCharsBuilt: 0, fontCharsReused: 0 };
  const { parsedCMapCache: c } = await loaded;
  return {
    built: c.built,
    reused: c.reused,
    tablesBuilt: c.tablesBuilt,
    tablesReused: c.tablesReused,
    fontCharsBuilt: c.fontCharsBuilt,
    fontCharsReused: c.fontCharsReused,
  };
}
