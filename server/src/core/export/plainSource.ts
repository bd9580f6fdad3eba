/**
 * The text a REFI-QDA export stores for a transcript: its plain text with CR LF (and a
 * lone CR) turned into LF, and the map of code-point offsets from the plain text to it.
 */

/** A transcript's stored text and the offset map into it. */
export interface StoredText {
  text: string;
  /** Maps a code-point offset of the plain text to one of the stored text. */
  offset(codePoint: number): number;
}

/** Normalises line breaks of `plain` to LF and maps offsets consistently. */
export function storedText(plain: string): StoredText {
  if (!plain.includes('\r')) return { text: plain, offset: (o) => o };
  // Code-point positions of the CRs that are dropped (those followed by LF).
  const dropped: number[] = [];
  let cp = 0;
  for (let i = 0; i < plain.length; i++) {
    const c = plain.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLow(plain.charCodeAt(i + 1))) i++;
    else if (c === 13 && plain.charCodeAt(i + 1) === 10) dropped.push(cp);
    cp++;
  }
  const text = plain.replace(/\r\n?/g, '\n');
  return {
    text,
    offset(o: number): number {
      let lo = 0;
      let hi = dropped.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (dropped[mid] < o) lo = mid + 1;
        else hi = mid;
      }
      return o - lo;
    },
  };
}

/** Normalises line breaks of a piece of text the same way. */
export function normalizeNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Slices `text` by code points [start, end). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** The number of code points in `text`. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
