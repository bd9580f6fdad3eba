/**
 * Finds the names of an identifiers file in a text, in one left-to-right scan over a
 * trie of all entries (built once per identifiers file), so that 200 or 10,000 entries
 * cost about what one does.
 *
 * The rules (docs/privacy.md): case-insensitive, and canonically equivalent forms of
 * the same letter match (`Å` precomposed or `A` with a combining ring); an entry starts
 * and ends on word boundaries, where word characters are Unicode letters, digits and
 * combining marks (so `Kari` is not found in "Karin"); a space in an entry matches any
 * run of whitespace with at most one line break (a name wrapped inside a paragraph,
 * not across a blank line); a possessive `s` right after a name is allowed and left
 * outside the match (`'s` and `’s` need no rule); every other character is literal.
 * At one place the longest entry wins, and the scan goes on after it. A name that is
 * part of a web address (`kari-nordmann.no`, `https://...`) is not a match.
 */

/** A match: UTF-16 offsets [start, end) and the index of the entry found. */
export interface IdentifierMatch {
  start: number;
  end: number;
  entry: number;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** The node after a whitespace run. */
  ws?: TrieNode;
  /** Index of the entry that ends here. */
  accept?: number;
  /** Whether the entry ending here ends with a word character (needs a boundary after it). */
  wordEnd?: boolean;
  /** The children by folded ASCII code, as an array: the scan's lookups are mostly ASCII. */
  ascii?: (TrieNode | undefined)[];
}

/** Fills every node's {@link TrieNode.ascii} table from its children. */
function indexAscii(node: TrieNode): void {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop() as TrieNode;
    const table: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(128).fill(undefined);
    for (const [f, child] of n.next) {
      if (f < 128) table[f] = child;
      stack.push(child);
    }
    n.ascii = table;
    if (n.ws) stack.push(n.ws);
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
const wordCache = new Map<number, boolean>();

/** Whether a code point is a word character: a Unicode letter, digit or combining mark. */
export function isWordChar(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  let w = wordCache.get(cp);
  if (w === undefined) wordCache.set(cp, (w = WORD.test(String.fromCodePoint(cp))));
  return w;
}

/** {@link isWordChar} for an ASCII code unit. */
function isAsciiWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Whitespace as JavaScript's `\s` defines it. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

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

/** Whether each ASCII character is a word character: the scan asks for every character of the text. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (isAsciiWord(c) ? 1 : 0));

/** FNV-1a over folded code points: the hash of a first word, in an entry and in the text alike. */
const HASH_SEED = 0x811c9dc5 | 0;
const HASH_PRIME = 0x01000193;

/** The hash of the folded first word of a name, or null when the name starts with no word character. */
function firstWordHash(name: string): number | null {
  let h = HASH_SEED;
  let any = false;
  for (const ch of name) {
    const cp = ch.codePointAt(0) as number;
    if (!isWordChar(cp)) break;
    any = true;
    for (const f of foldCodePoint(cp)) h = Math.imul(h ^ f, HASH_PRIME);
  }
  return any ? h : null;
}

/** An open-addressing table of the hashes (0 stands for 1, since 0 marks an empty slot), at most a quarter full. */
function hashTable(hashes: readonly number[]): Int32Array {
  let size = 16;
  while (size < hashes.length * 4) size *= 2;
  const table = new Int32Array(size);
  for (const h of hashes) {
    const key = h === 0 ? 1 : h;
    let slot = key & (size - 1);
    while (table[slot] !== 0 && table[slot] !== key) slot = (slot + 1) & (size - 1);
    table[slot] = key;
  }
  return table;
}

/** Whether the table of {@link hashTable} holds `h`. */
function hasHash(table: Int32Array, mask: number, h: number): boolean {
  const key = h === 0 ? 1 : h;
  for (let slot = key & mask; ; slot = (slot + 1) & mask) {
    const v = table[slot];
    if (v === key) return true;
    if (v === 0) return false;
  }
}

/** `j`, or the end of the word that `j` lies inside (a match that ended before a possessive s). */
function skipWord(text: string, j: number): number {
  if (j <= 0 || j >= text.length || !isWordChar(codePointBefore(text, j))) return j;
  while (j < text.length) {
    const cp = text.codePointAt(j) as number;
    if (!isWordChar(cp)) break;
    j += cp > 0xffff ? 2 : 1;
  }
  return j;
}

/** Names compiled for scanning. */
export class IdentifierMatcher {
  private readonly root: TrieNode = { next: new Map() };
  /** For ASCII text characters: whether any entry can start with it (folded). */
  private readonly asciiStart = new Uint8Array(128);
  /**
   * The hashes of the entries' folded first words (of those that start with a word
   * character), in an open-addressing table whose size is a power of two; 0 is empty.
   */
  private readonly firstWords: Int32Array;
  /** Number of entries compiled (entries without any character are skipped). */
  readonly size: number;

  /** Compiles the names; `names[k]` is reported as entry k. */
  constructor(names: readonly string[]) {
    let size = 0;
    const firstWords: number[] = [];
    names.forEach((name, k) => {
      const trimmed = name.trim();
      if (trimmed === '') return;
      const first = firstWordHash(trimmed);
      if (first !== null) firstWords.push(first);
      let node = this.root;
      let lastWord = false;
      let inSpace = false;
      for (const ch of trimmed) {
        const cp = ch.codePointAt(0) as number;
        if (isSpace(cp)) {
          inSpace = true;
          continue;
        }
        if (inSpace) {
          node = node.ws ??= { next: new Map() };
          inSpace = false;
        }
        for (const f of foldCodePoint(cp)) {
          let child = node.next.get(f);
          if (!child) node.next.set(f, (child = { next: new Map() }));
          node = child;
        }
        lastWord = isWordChar(cp);
      }
      // Longer lists repeat names; the first entry of a name counts.
      if (node.accept === undefined) {
        node.accept = k;
        node.wordEnd = lastWord;
        size++;
      }
    });
    indexAscii(this.root);
    for (const f of this.root.next.keys()) if (f < 128) this.asciiStart[f] = 1;
    for (let c = 65; c <= 90; c++) if (this.asciiStart[c + 32]) this.asciiStart[c] = 1;
    this.size = size;
    this.firstWords = hashTable(firstWords);
  }

  /**
   * Every match in `text`, in order, not overlapping.
   *
   * The scan goes word by word: a name that starts with a word character starts at a word
   * start, and its first word (up to the first character that is no word character) is a
   * whole word of the text, or that word with a possessive `s` (a one-word name). So the
   * folded first word is hashed on the way through it and looked up once in
   * {@link firstWords}; only on a hit is the trie walked from the word start. Characters
   * that are no word characters are looked up one by one, for names that start with one.
   */
  find(text: string): IdentifierMatch[] {
    const out: IdentifierMatch[] = [];
    if (this.size === 0) return out;
    const n = text.length;
    const table = this.firstWords;
    const mask = table.length - 1;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      let cp = c;
      if (c < 128) {
        if (ASCII_WORD[c] === 0) {
          if (this.asciiStart[c] === 1) {
            const end = this.tryAt(text, i, out);
            if (end > i) {
              i = skipWord(text, end);
              continue;
            }
          }
          i++;
          continue;
        }
      } else {
        if (c >= 0xdc00 && c <= 0xdfff) {
          i++;
          continue;
        }
        if (c >= 0xd800 && c <= 0xdbff) cp = text.codePointAt(i) as number;
        if (!isWordChar(cp)) {
          if (this.root.next.has(foldCodePoint(cp)[0])) {
            const end = this.tryAt(text, i, out);
            if (end > i) {
              i = skipWord(text, end);
              continue;
            }
          }
          i += cp > 0xffff ? 2 : 1;
          continue;
        }
      }
      // A word starts at i (the character before it is no word character): hash it folded.
      const start = i;
      let h = HASH_SEED;
      let beforeLast = HASH_SEED;
      for (;;) {
        beforeLast = h;
        if (cp < 128) h = Math.imul(h ^ (cp >= 65 && cp <= 90 ? cp + 32 : cp), HASH_PRIME);
        else for (const f of foldCodePoint(cp)) h = Math.imul(h ^ f, HASH_PRIME);
        i += cp > 0xffff ? 2 : 1;
        if (i >= n) break;
        cp = text.charCodeAt(i);
        if (cp < 128) {
          if (ASCII_WORD[cp] === 0) break;
        } else {
          if (cp >= 0xd800 && cp <= 0xdbff) cp = text.codePointAt(i) as number;
          if (!isWordChar(cp)) break;
        }
      }
      const last = text.charCodeAt(i - 1);
      if (
        hasHash(table, mask, h) ||
        ((last === 115 || last === 83) && i - 1 > start && hasHash(table, mask, beforeLast))
      ) {
        const end = this.tryAt(text, start, out);
        // A match that ends inside a word (before a possessive s): no name starts in the rest of it.
        if (end > start) i = end < i ? i : skipWord(text, end);
      }
    }
    return out;
  }

  /** Records the longest match at `start` if there is one (and it is no web address); returns its end, or -1. */
  private tryAt(text: string, start: number, out: IdentifierMatch[]): number {
    const m = this.longestAt(text, start);
    if (!m || inWebAddress(text, m.start, m.end)) return -1;
    out.push(m);
    return m.end;
  }

  private longestAt(text: string, start: number): IdentifierMatch | null {
    const n = text.length;
    let node: TrieNode | undefined = this.root;
    let j = start;
    let best: IdentifierMatch | null = null;
    while (node && j < n) {
      const c = text.charCodeAt(j);
      if (isSpace(c)) {
        if (!node.ws) break;
        let breaks = 0;
        let k = j;
        while (k < n && isSpace(text.charCodeAt(k))) {
          const d = text.charCodeAt(k);
          if (d === 13) {
            breaks++;
            if (text.charCodeAt(k + 1) === 10) k++;
          } else if (d === 10) breaks++;
          k++;
        }
        if (breaks > 1) break;
        node = node.ws;
        j = k;
        continue;
      }
      const cp = c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(j) as number) : c;
      if (cp < 128) node = node.ascii?.[cp >= 65 && cp <= 90 ? cp + 32 : cp];
      else {
        for (const f of foldCodePoint(cp)) {
          node = node.next.get(f);
          if (!node) break;
        }
      }
      if (!node) break;
      j += cp > 0xffff ? 2 : 1;
      if (node.accept !== undefined && (!node.wordEnd || boundaryAfter(text, j)))
        best = { start, end: j, entry: node.accept };
    }
    return best;
  }
}

function codePointBefore(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return ((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
  }
  return c;
}

/** A word boundary at `j`, or a possessive `s` there followed by one. */
function boundaryAfter(text: string, j: number): boolean {
  if (j >= text.length) return true;
  const cp = text.codePointAt(j) as number;
  if (!isWordChar(cp)) return true;
  if (cp !== 115 && cp !== 83) return false;
  return j + 1 >= text.length || !isWordChar(text.codePointAt(j + 1) as number);
}

const SCHEME_OR_WWW = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;
const HOST_NAME = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,6}(?:[/:?#].*)?$/u;
/** Characters that end a web address in running text: whitespace, brackets, quotes. */
const NOT_IN_ADDRESS = new Set([...'()<>[]{}"`'].map((c) => c.charCodeAt(0)));

function addressChar(c: number): boolean {
  return !isSpace(c) && !NOT_IN_ADDRESS.has(c);
}

/**
 * Whether [start, end) lies in a web address: the run of characters around it up to
 * whitespace, a bracket or a quote (emphasis and sentence punctuation stripped) starts
 * with a scheme or `www.`, or is a host name such as `kari-nordmann.no` (labels joined by
 * dots, the last of 2 to 6 letters). An e-mail address (with `@`) is no web address: a
 * name in it is found.
 */
function inWebAddress(text: string, start: number, end: number): boolean {
  let a = start;
  while (a > 0 && addressChar(text.charCodeAt(a - 1))) a--;
  let b = end;
  while (b < text.length && addressChar(text.charCodeAt(b))) b++;
  if (a === start && b === end) return false;
  const token = text
    .slice(a, b)
    .replace(/^[*_']+/, '')
    .replace(/[*_'.,;:!?]+$/, '');
  if (token.includes('@')) return false;
  return SCHEME_OR_WWW.test(token) || HOST_NAME.test(token);
}
