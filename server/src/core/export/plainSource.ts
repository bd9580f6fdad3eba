/**
 * The text a REFI-QDA export stores for a transcript: its plain text with CR LF (and a
 * lone CR) turned into LF, and the map of code-point offsets from the plain text to it.
 */

/** A transcript's stored text and the offset map into it. */
export interface StoredText {
  text: string;
  /** Maps a code-point offset of the plain text to one of the stored text. */
  offset(codePoint: number): number;
  /** The stored text between two code-point offsets of the plain text (mapped by {@link offset}). */
  slice(start: number, end: number): string;
}

/** A slicer by code points that builds its offset table only when the text needs one. */
function codePointSlicer(text: string): (start: number, end: number) => string {
  if (!/[\ud800-\udfff]/.test(text)) return (s, e) => text.slice(s, e);
  let table: number[] | null = null;
  return (s, e) => {
    if (!table) {
      table = [];
      for (let i = 0; i < text.length; i++) {
        table.push(i);
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) i++;
      }
      table.push(text.length);
    }
    return text.slice(table[s], table[e]);
  };
}

/** Normalises line breaks of `plain` to LF and maps offsets consistently. */
export function storedText(plain: string): StoredText {
  if (!plain.includes('\r')) {
    const slice = codePointSlicer(plain);
    return { text: plain, offset: (o) => o, slice };
  }
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
  const slicer = codePointSlicer(text);
  return {
    text,
    slice(start: number, end: number): string {
      return slicer(this.offset(start), this.offset(end));
    },
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
