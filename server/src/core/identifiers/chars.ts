/**
 * The character classes and the folding of the identifiers matcher (docs/privacy.md):
 * word characters, whitespace, and the folded form in which names and text are compared.
 */

const WORD = /[\p{L}\p{N}\p{M}]/u;
const wordCache = new Map<number, boolean>();

/** Whether a code point is a word character: a Unicode letter, digit or combining mark. */
export function isWordChar(cp: number): boolean {
  if (cp < 128) return isAsciiWord(cp);
  let w = wordCache.get(cp);
  if (w === undefined) wordCache.set(cp, (w = WORD.test(String.fromCodePoint(cp))));
  return w;
}

/** {@link isWordChar} for an ASCII code unit. */
export function isAsciiWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * For each ASCII character: its folded (lower-case) form if it is a word character, else 0.
 * The scan asks for every character of the text, so this is one table read.
 */
export const FOLD_WORD: Uint8Array = Uint8Array.from({ length: 128 }, (_, c) =>
  isAsciiWord(c) ? (c >= 65 && c <= 90 ? c + 32 : c) : 0,
);

const foldCache = new Map<number, number[]>();
/** The folded form of each ASCII character, made once: the scan asks for it at every word start. */
const ASCII_FOLDS: readonly (readonly number[])[] = Array.from({ length: 128 }, (_, c) => [
  c >= 65 && c <= 90 ? c + 32 : c,
]);
const APOSTROPHES = new Set([0x2019, 0x02bc]);

/**
 * The folded form of one code point: lower case, canonically decomposed (NFD), with
 * typographic apostrophes as `'`. Both entries and text are compared in this form.
 */
export function foldCodePoint(cp: number): readonly number[] {
  if (cp < 128) return ASCII_FOLDS[cp];
  let f = foldCache.get(cp);
  if (f === undefined) {
    if (APOSTROPHES.has(cp)) f = [39];
    else {
      const s = String.fromCodePoint(cp).normalize('NFD').toLowerCase();
      f = [];
      for (const ch of s) f.push(ch.codePointAt(0) as number);
    }
    foldCache.set(cp, f);
  }
  return f;
}

/** The code point that ends just before UTF-16 offset `i` (a whole surrogate pair where there is one). */
export function codePointBefore(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return ((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
  }
  return c;
}
