/**
 * In-place ascending sorts for the many tiny arrays the engine orders (a line's two invoices, a copy's
 * holders). `Array.prototype.sort` sets up a work area of its own on every call, which at a hundred
 * thousand calls of two elements costs more than the sorting; insertion sort allocates nothing. Longer
 * arrays go to the built-in sort.
 */
const SMALL = 16;

function insertionSort<T extends number | string>(list: T[]): T[] {
  for (let k = 1; k < list.length; k++) {
    const v = list[k]!;
    let j = k - 1;
    for (; j >= 0 && list[j]! > v; j--) list[j + 1] = list[j]!;
    list[j + 1] = v;
  }
  return list;
}

export function sortNumbers(list: number[]): number[] {
  return list.length > SMALL ? list.sort((a, b) => a - b) : insertionSort(list);
}

/** Code-unit order, as the default `sort()` gives for strings. */
export function sortStrings(list: string[]): string[] {
  return list.length > SMALL ? list.sort() : insertionSort(list);
}
