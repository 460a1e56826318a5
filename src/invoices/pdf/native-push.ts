/**
 * pdf.js's legacy build (the one that runs on Node 20) carries core-js, which replaces Array.prototype.push for
 * the whole thread with a JavaScript version when it loads: V8 before 12.2 does not throw when pushing onto an
 * array whose length is read-only, and core-js corrects that. No code here pushes onto such an array, and the
 * replacement makes every push in the thread — pdf.js's own and the layout reader's — several times slower
 * (a few per cent of a parse). The native push is captured when this module is evaluated, before pdf.js is
 * imported (it is loaded on the first PDF), and put back after each of pdf.js's modules has loaded.
 */
const push = Array.prototype.push;
const isNative = /\{\s*\[native code\]\s*\}\s*$/u.test(Function.prototype.toString.call(push));

/** Loads a module of pdf.js, then puts the native Array.prototype.push back if it replaced it. */
export async function loadKeepingNativePush<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } finally {
    if (isNative && Array.prototype.push !== push) {
      Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, enumerable: false, configurable: true });
    }
  }
}

/** True when Array.prototype.push is the engine's own (for the test that pdf.js leaves it so). */
export const hasNativePush = (): boolean => Array.prototype.push === push && isNative;
