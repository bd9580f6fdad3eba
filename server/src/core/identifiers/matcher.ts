/**
 * Finds the names of an identifiers file in a text, in one left-to-right scan that hashes
 * each word and walks the trie of all entries (trie.ts, built once per identifiers file)
 * only where a word, or a pair of words, can begin a name: 200 or 10,000 entries cost
 * about what one does.
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
import { codePointBefore, FOLD_WORD, foldCodePoint, isWordChar } from './chars';
import { isWhiteSpace } from '../whiteSpace';
import { wasmAvailable } from '../wasm/wasmModule';
import { MAX_WASM_SCAN, type ScanState, WasmNameScan } from './wasmScan';
import {
  HASH_PRIME,
  HASH_SEED,
  NameTrie,
  nameKey,
  NO_NODE,
  PAIR_FIRST,
  PAIR_SECOND,
  pairHash,
  roleSlot,
  SINGLE,
} from './trie';

/** A match: UTF-16 offsets [start, end) and the index of the entry found. */
export interface IdentifierMatch {
  start: number;
  end: number;
  entry: number;
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
  private readonly trie: NameTrie;
  /**
   * The scan's state between tokens: the start of the word before while only whitespace
   * followed it (-1: none), and that word's folded hash.
   */
  private readonly state: ScanState = { prevStart: -1, prevHash: 0 };
  /** This matcher's WebAssembly word loop, made on the first text it scans (null: it cannot be). */
  private words: WasmNameScan | null | undefined;

  /**
   * Compiles the names; `names[k]` is reported as entry k. `useWasm` false scans in
   * JavaScript only (the tests compare the two); the default is WebAssembly where the
   * runtime has it.
   */
  constructor(
    names: readonly string[],
    private readonly useWasm = wasmAvailable(),
  ) {
    this.trie = new NameTrie(names);
  }

  /** Number of entries compiled (entries without any character are skipped). */
  get size(): number {
    return this.trie.size;
  }

  /**
   * Every match in `text`, in order, not overlapping.
   *
   * The scan goes word by word: a name that starts with a word character starts at a word
   * start, and its first word (up to the first character that is no word character) is a
   * whole word of the text, or that word with a possessive `s` (a one-word name); so is
   * the second word of a name that goes on with whitespace and a word, after whitespace
   * only. So each word is hashed folded on the way through it, and looked up (see
   * {@link nameKey}): a one-word name where the word ends, a longer one where its second
   * word ends. Only on a hit is the trie walked, from the name's first word, and the walk
   * decides. Characters that are no word characters are looked up one by one, for names
   * that start with one.
   */
  find(text: string): IdentifierMatch[] {
    const out: IdentifierMatch[] = [];
    if (this.trie.size === 0) return out;
    const state = this.state;
    state.prevStart = -1;
    state.prevHash = 0;
    const n = text.length;
    if (this.useWasm && n <= MAX_WASM_SCAN && this.words === undefined) this.words = WasmNameScan.make(this.trie);
    const words = this.useWasm && n <= MAX_WASM_SCAN ? this.words : null;
    if (words?.load(text)) {
      // The module moves on where this scan would only move on, and stops at the tokens
      // it leaves to this scan (see identifierWords.wat).
      let i = 0;
      for (;;) {
        i = words.scan(i, n, state);
        if (i >= n) break;
        i = this.step(text, i, out);
      }
    } else for (let i = 0; i < n;) i = this.step(text, i, out);
    return out;
  }

  /**
   * Scans the token at `i` (a word, or one character outside words) with the state of the
   * word before ({@link state}), records a name that starts there, and returns where the
   * next token starts.
   */
  private step(text: string, i: number, out: IdentifierMatch[]): number {
    const trie = this.trie;
    const state = this.state;
    const n = text.length;
    const c = text.charCodeAt(i);
    let cp = c;
    // The folded ASCII word character at i, or 0 (no word character, or not ASCII).
    let f = 0;
    if (c < 128) {
      f = FOLD_WORD[c];
      if (f === 0) {
        if (c !== 32 && (c < 9 || c > 13)) state.prevStart = -1;
        if (trie.asciiStart[c] === 1) {
          const end = this.tryAt(text, i, out);
          if (end > i) {
            state.prevStart = -1;
            return skipWord(text, end);
          }
        }
        return i + 1;
      }
    } else {
      if (c >= 0xdc00 && c <= 0xdfff) {
        state.prevStart = -1;
        return i + 1;
      }
      if (c >= 0xd800 && c <= 0xdbff) cp = text.codePointAt(i) as number;
      if (!isWordChar(cp)) {
        if (!isWhiteSpace(cp)) state.prevStart = -1;
        if (trie.child(0, foldCodePoint(cp)[0]) !== NO_NODE) {
          const end = this.tryAt(text, i, out);
          if (end > i) {
            state.prevStart = -1;
            return skipWord(text, end);
          }
        }
        return i + (cp > 0xffff ? 2 : 1);
      }
    }
    // A word starts at i (the character before it is no word character): hash it folded.
    const start = i;
    let h = HASH_SEED;
    let beforeLast = HASH_SEED;
    for (;;) {
      beforeLast = h;
      if (f !== 0) {
        h = Math.imul(h ^ f, HASH_PRIME);
        i++;
      } else {
        for (const g of foldCodePoint(cp)) h = Math.imul(h ^ g, HASH_PRIME);
        i += cp > 0xffff ? 2 : 1;
      }
      if (i >= n) break;
      const d = text.charCodeAt(i);
      if (d < 128) {
        f = FOLD_WORD[d];
        if (f === 0) break;
      } else {
        f = 0;
        cp = d >= 0xd800 && d <= 0xdbff ? (text.codePointAt(i) as number) : d;
        if (!isWordChar(cp)) break;
      }
    }
    // A word that ends in s may be a name's last word with a possessive s.
    const last = text.charCodeAt(i - 1);
    const possessive = (last === 115 || last === 83) && i - 1 > start;
    const roles = trie.wordRoles;
    const roleMask = roles.length - 1;
    const role = roles[roleSlot(h, roleMask)];
    const ends = role | (possessive ? roles[roleSlot(beforeLast, roleMask)] : 0);
    const prevStart = state.prevStart;
    const prevHash = state.prevHash;
    let end = -1;
    // A name of two or more words is looked for where its first two words stand, from the first.
    if (
      (ends & PAIR_SECOND) !== 0 &&
      prevStart !== -1 &&
      (trie.hasPair(pairHash(prevHash, h)) || (possessive && trie.hasPair(pairHash(prevHash, beforeLast))))
    )
      end = this.tryAt(text, prevStart, out);
    if (
      end <= start &&
      (ends & SINGLE) !== 0 &&
      (trie.hasFirstWord(h) || (possessive && trie.hasFirstWord(beforeLast)))
    )
      end = this.tryAt(text, start, out);
    if (end > start) {
      // A match that ends inside a word (before a possessive s): no name starts in the rest of it.
      if (end > i) i = skipWord(text, end);
      state.prevStart = -1;
    } else if ((role & PAIR_FIRST) !== 0) {
      state.prevStart = start;
      state.prevHash = h;
    } else state.prevStart = -1;
    return i;
  }

  /** Records the longest match at `start` if there is one (and it is no web address); returns its end, or -1. */
  private tryAt(text: string, start: number, out: IdentifierMatch[]): number {
    const m = this.longestAt(text, start);
    if (!m || inWebAddress(text, m.start, m.end)) return -1;
    out.push(m);
    return m.end;
  }

  private longestAt(text: string, start: number): IdentifierMatch | null {
    const trie = this.trie;
    const accept = trie.accept;
    const n = text.length;
    let node = 0;
    let j = start;
    let best: IdentifierMatch | null = null;
    while (j < n) {
      const c = text.charCodeAt(j);
      const f = c < 128 ? FOLD_WORD[c] : 0;
      if (f !== 0) {
        // The common case, an ASCII letter or digit.
        node = trie.asciiChild(node, f);
        if (node === NO_NODE) break;
        j++;
      } else if (isWhiteSpace(c)) {
        const next = trie.ws[node];
        if (next === NO_NODE) break;
        let breaks = 0;
        let k = j;
        while (k < n && isWhiteSpace(text.charCodeAt(k))) {
          const d = text.charCodeAt(k);
          if (d === 13) {
            breaks++;
            if (text.charCodeAt(k + 1) === 10) k++;
          } else if (d === 10) breaks++;
          k++;
        }
        if (breaks > 1) break;
        node = next;
        j = k;
        continue;
      } else {
        const cp = c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(j) as number) : c;
        for (const g of foldCodePoint(cp)) {
          node = trie.child(node, g);
          if (node === NO_NODE) break;
        }
        if (node === NO_NODE) break;
        j += cp > 0xffff ? 2 : 1;
      }
      const entry = accept[node];
      if (entry !== -1 && (trie.wordEnd[node] === 0 || boundaryAfter(text, j))) best = { start, end: j, entry };
    }
    return best;
  }
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
  return !isWhiteSpace(c) && !NOT_IN_ADDRESS.has(c);
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
