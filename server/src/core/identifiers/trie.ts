/**
 * The names of an identifiers file compiled into one trie over their folded code points,
 * held in flat typed arrays (node 0 is the root) so that the scan reads numbers, not
 * objects of many shapes; and the hashes of the names' first words and word pairs
 * ({@link nameKey}), which tell the scan at which word starts the trie is worth walking.
 */
import { foldCodePoint, isWordChar } from './chars';
import { isWhiteSpace } from '../whiteSpace';

/** No node (no child, no whitespace edge). */
export const NO_NODE = -1;

/** FNV-1a over folded code points: the hash of a first word, in a name and in the text alike. */
export const HASH_SEED = 0x811c9dc5 | 0;
/** See {@link HASH_SEED}. */
export const HASH_PRIME = 0x01000193;

/** The slot of the edge (node, folded code point) before probing. */
function edgeHash(node: number, cp: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ cp;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** The smallest power of two that is at least `n` and 16. */
function tableSize(n: number): number {
  let size = 16;
  while (size < n) size *= 2;
  return size;
}

/** The trie of the names, and the hashes of their first words and word pairs. */
export class NameTrie {
  /** Per node: the index of the name that ends there, or -1. */
  readonly accept: Int32Array;
  /** Per node: 1 when the name ending there ends with a word character (it needs a boundary after it). */
  readonly wordEnd: Uint8Array;
  /** Per node: the node after a whitespace run, or {@link NO_NODE}. */
  readonly ws: Int32Array;
  /** For each ASCII character: 1 when a name starts with it, in either case. */
  readonly asciiStart = new Uint8Array(128);
  /** Number of names compiled (blank names are skipped, a repeated name counts once). */
  readonly size: number;
  // The edges by ASCII characters, the most asked for: a node with two or more has a row
  // of 128 children in asciiRows (asciiRow[node] is its number, or -1); a node with one
  // has it in asciiOneCp/asciiOneTo (most nodes of a long list are links of a chain).
  private readonly asciiRow: Int32Array;
  private readonly asciiRows: Int32Array;
  private readonly asciiOneCp: Int32Array;
  private readonly asciiOneTo: Int32Array;
  // The other edges, in an open-addressing table at most half full: slot s is the edge
  // from edgeFrom[s] by the folded code point edgeCp[s] to edgeTo[s]; edgeFrom -1 is empty.
  private readonly edgeFrom: Int32Array;
  private readonly edgeCp: Int32Array;
  private readonly edgeTo: Int32Array;
  private readonly edgeMask: number;
  /**
   * What a word of the text may be, by its hash ({@link roleSlot}): a bit set of
   * {@link PAIR_FIRST}, {@link PAIR_SECOND} and {@link SINGLE}. Words share slots, so a
   * set bit only means "look it up"; a clear one rules the role out.
   */
  readonly wordRoles: Uint8Array;
  /** The {@link nameKey} hashes of the names that are no pairs (an open-addressing set: {@link hasFirstWord}). */
  readonly firstWords: Int32Array;
  /** The {@link nameKey} hashes of the names that are pairs (likewise: {@link hasPair}). */
  readonly pairs: Int32Array;

  /** Compiles the names; `names[k]` is reported as name k (the first of a repeated name counts). */
  constructor(names: readonly string[]) {
    const accept: number[] = [-1];
    const wordEnd: number[] = [0];
    const ws: number[] = [NO_NODE];
    const edges = new Map<number, number>();
    const firstWords: number[] = [];
    const pairs: number[] = [];
    const roles: [number, number][] = [];
    const newNode = (): number => {
      accept.push(-1);
      wordEnd.push(0);
      ws.push(NO_NODE);
      return accept.length - 1;
    };
    let size = 0;
    names.forEach((name, k) => {
      const trimmed = name.trim();
      if (trimmed === '') return;
      let node = 0;
      let lastWord = false;
      let inSpace = false;
      const key = nameKey(trimmed);
      if (key?.pair) {
        pairs.push(key.hash);
        roles.push([key.first, PAIR_FIRST], [key.second, PAIR_SECOND]);
      } else if (key) {
        firstWords.push(key.hash);
        roles.push([key.first, SINGLE]);
      }
      for (const ch of trimmed) {
        const cp = ch.codePointAt(0) as number;
        if (isWhiteSpace(cp)) {
          inSpace = true;
          continue;
        }
        if (inSpace) {
          if (ws[node] === NO_NODE) ws[node] = newNode();
          node = ws[node];
          inSpace = false;
        }
        lastWord = isWordChar(cp);
        for (const f of foldCodePoint(cp)) {
          const key = node * 0x110000 + f;
          let child = edges.get(key);
          if (child === undefined) edges.set(key, (child = newNode()));
          node = child;
        }
      }
      if (accept[node] === -1) {
        accept[node] = k;
        wordEnd[node] = lastWord ? 1 : 0;
        size++;
      }
    });
    this.accept = Int32Array.from(accept);
    this.wordEnd = Uint8Array.from(wordEnd);
    this.ws = Int32Array.from(ws);
    this.size = size;

    const nodes = accept.length;
    const asciiCount = new Int32Array(nodes);
    let other = 0;
    for (const key of edges.keys()) {
      const cp = key % 0x110000;
      if (cp < 128) asciiCount[(key - cp) / 0x110000]++;
      else other++;
    }
    this.asciiRow = new Int32Array(nodes).fill(-1);
    let rows = 0;
    for (let node = 0; node < nodes; node++) if (asciiCount[node] > 1) this.asciiRow[node] = rows++;
    this.asciiRows = new Int32Array(rows * 128).fill(NO_NODE);
    this.asciiOneCp = new Int32Array(nodes).fill(-1);
    this.asciiOneTo = new Int32Array(nodes).fill(NO_NODE);
    const slots = tableSize(other * 2);
    this.edgeMask = slots - 1;
    this.edgeFrom = new Int32Array(slots).fill(-1);
    this.edgeCp = new Int32Array(slots);
    this.edgeTo = new Int32Array(slots);
    for (const [key, to] of edges) {
      const cp = key % 0x110000;
      const from = (key - cp) / 0x110000;
      if (cp < 128) {
        const row = this.asciiRow[from];
        if (row !== -1) this.asciiRows[row * 128 + cp] = to;
        else {
          this.asciiOneCp[from] = cp;
          this.asciiOneTo[from] = to;
        }
        if (from === 0) {
          this.asciiStart[cp] = 1;
          if (cp >= 97 && cp <= 122) this.asciiStart[cp - 32] = 1;
        }
        continue;
      }
      let s = edgeHash(from, cp) & this.edgeMask;
      while (this.edgeFrom[s] !== -1) s = (s + 1) & this.edgeMask;
      this.edgeFrom[s] = from;
      this.edgeCp[s] = cp;
      this.edgeTo[s] = to;
    }

    this.firstWords = hashSet(firstWords);
    this.pairs = hashSet(pairs);
    this.wordRoles = new Uint8Array(Math.min(1 << 20, tableSize(Math.max(4096, roles.length * 16))));
    for (const [h, role] of roles) this.wordRoles[roleSlot(h, this.wordRoles.length - 1)] |= role;
  }

  /** The child of `node` by the folded ASCII character `cp`, or {@link NO_NODE}. */
  asciiChild(node: number, cp: number): number {
    const row = this.asciiRow[node];
    if (row !== -1) return this.asciiRows[(row << 7) | cp];
    return this.asciiOneCp[node] === cp ? this.asciiOneTo[node] : NO_NODE;
  }

  /** The child of `node` by the folded code point `cp`, or {@link NO_NODE}. */
  child(node: number, cp: number): number {
    if (cp < 128) return this.asciiChild(node, cp);
    const mask = this.edgeMask;
    for (let s = edgeHash(node, cp) & mask; ; s = (s + 1) & mask) {
      const from = this.edgeFrom[s];
      if (from === node && this.edgeCp[s] === cp) return this.edgeTo[s];
      if (from === -1) return NO_NODE;
    }
  }

  /** Whether some name that is no pair has the first-word hash `h` (a hit may be a collision: walk to be sure). */
  hasFirstWord(h: number): boolean {
    return inHashSet(this.firstWords, h);
  }

  /** Whether some name that is a pair has the {@link pairHash} `h` (a hit may be a collision: walk to be sure). */
  hasPair(h: number): boolean {
    return inHashSet(this.pairs, h);
  }
}

/** A word role: the first word of a name of two or more words. */
export const PAIR_FIRST = 1;
/** A word role: the second word of a name of two or more words. */
export const PAIR_SECOND = 2;
/** A word role: the first word of a name that is no pair. */
export const SINGLE = 4;

/** The slot of a word's hash in {@link NameTrie.wordRoles} (`mask`: its length less one). */
export function roleSlot(h: number, mask: number): number {
  return (h ^ (h >>> 15)) & mask;
}

/** The hash of two words with whitespace between them, from the hashes of the words. */
export function pairHash(first: number, second: number): number {
  return Math.imul(Math.imul(first ^ 0x5bd1e995, HASH_PRIME) ^ second, 0x2c1b3c6d);
}

/**
 * What the scan looks up for a name that starts with a word character (else null): when
 * the name starts with a word, whitespace and a second word, it is a pair and the key is
 * the {@link pairHash} of the two words; otherwise the key is the hash of its first word.
 * A word is a run of word characters, hashed folded (FNV-1a from {@link HASH_SEED}). In
 * the text, such a word must stand whole (the name goes on with a character that is no
 * word character, or ends on a boundary), or with a possessive `s` after it.
 */
export function nameKey(name: string): { pair: boolean; hash: number; first: number; second: number } | null {
  const cps = Array.from(name, (ch) => ch.codePointAt(0) as number);
  const word = (from: number): { end: number; hash: number } => {
    let h = HASH_SEED;
    let k = from;
    for (; k < cps.length && isWordChar(cps[k]); k++)
      for (const f of foldCodePoint(cps[k])) h = Math.imul(h ^ f, HASH_PRIME);
    return { end: k, hash: h };
  };
  const first = word(0);
  if (first.end === 0) return null;
  let k = first.end;
  while (k < cps.length && isWhiteSpace(cps[k])) k++;
  if (k === first.end || k >= cps.length || !isWordChar(cps[k]))
    return { pair: false, hash: first.hash, first: first.hash, second: 0 };
  const second = word(k).hash;
  return { pair: true, hash: pairHash(first.hash, second), first: first.hash, second };
}

/** An open-addressing set of 32-bit hashes at most a quarter full; 0 marks an empty slot, so a hash of 0 is kept as 1. */
function hashSet(hashes: readonly number[]): Int32Array {
  const table = new Int32Array(tableSize(hashes.length * 4));
  const mask = table.length - 1;
  for (const h of hashes) {
    const key = h === 0 ? 1 : h;
    let s = (key ^ (key >>> 16)) & mask;
    while (table[s] !== 0 && table[s] !== key) s = (s + 1) & mask;
    table[s] = key;
  }
  return table;
}

/** Whether the set of {@link hashSet} holds `h`. */
function inHashSet(table: Int32Array, h: number): boolean {
  const key = h === 0 ? 1 : h;
  const mask = table.length - 1;
  for (let s = (key ^ (key >>> 16)) & mask; ; s = (s + 1) & mask) {
    const v = table[s];
    if (v === key) return true;
    if (v === 0) return false;
  }
}
