/**
 * The host of the identifiers scan's word loop in WebAssembly (wasm/identifierWords.wat):
 * one instance per compiled list of names, holding the trie's word roles and hash sets and,
 * for each text scanned, the text itself (one byte a character when every character is
 * below U+0100, else two). The module stops at every token the JavaScript scan must decide
 * (matcher.ts); this class only lays out its memory and calls it.
 */
import { IDENTIFIER_WORDS_WASM } from '../wasm/identifierWordsWasm';
import { compileModule, copyText, ensureMemory, instantiate, textWidth, type WasmMemory } from '../wasm/wasmModule';
import { isWhiteSpace } from '../whiteSpace';
import { FOLD_WORD, foldCodePoint, isWordChar } from './chars';
import { NO_NODE, type NameTrie } from './trie';

interface Exports {
  memory: WasmMemory;
  init(rolesMask: number, firstOff: number, firstMask: number, pairOff: number, pairMask: number): void;
  scan(t: number, i: number, n: number, prevStart: number, prevHash: number, wide: number): number;
}

/** The scan's state between tokens, read and written by both scans. */
export interface ScanState {
  prevStart: number;
  prevHash: number;
}

/**
 * The longest text (UTF-16 code units) scanned here: the instance keeps the memory of the
 * longest text it was given, so a longer one is left to the JavaScript scan.
 */
export const MAX_WASM_SCAN = 4 << 20;

// The memory's layout: see identifierWords.wat.
const FOLD = 512;
const STATE = 4608;
const ROLES = 8192;
/** Flags per character below U+0100. */
const WORD = 1;
const KEEPS = 2;
const STARTS = 4;
const FOLDS_TWO = 8;
const FOLDS_THREE = 16;

/** The module, compiled once per thread. */
let compiled: object | undefined;

/** One list of names' word loop: see the file comment. */
export class WasmNameScan {
  private readonly x: Exports;
  private readonly textOff: number;
  private wide = 0;
  private state: Int32Array;

  private constructor(trie: NameTrie, folds: (readonly number[])[]) {
    const x = (this.x = instantiate<Exports>((compiled ??= compileModule(IDENTIFIER_WORDS_WASM))));
    const roles = trie.wordRoles;
    const firstOff = ROLES + roles.length;
    const pairOff = firstOff + 4 * trie.firstWords.length;
    this.textOff = (pairOff + 4 * trie.pairs.length + 7) & ~7;
    ensureMemory(x.memory, this.textOff);
    const mem = x.memory.buffer;
    const bytes = new Uint8Array(mem);
    for (let c = 0; c < 256; c++) {
      const word = c < 128 ? FOLD_WORD[c] !== 0 : isWordChar(c);
      // Outside words, the JavaScript scan keeps the word before across ASCII 9-13 and 32
      // (its own test), and across any other white space as isWhiteSpace has it.
      const keeps = c < 128 ? c === 32 || (c >= 9 && c <= 13) : isWhiteSpace(c);
      const starts = c < 128 ? trie.asciiStart[c] === 1 : trie.child(0, foldCodePoint(c)[0]) !== NO_NODE;
      const f = folds[c];
      const length = word ? (f.length > 2 ? FOLDS_TWO | FOLDS_THREE : f.length > 1 ? FOLDS_TWO : 0) : 0;
      bytes[c] = (word ? WORD : 0) | (keeps ? KEEPS : 0) | (!word && starts ? STARTS : 0) | length;
      if (word) new Int32Array(mem, FOLD + 16 * c, 3).set(f);
    }
    bytes.set(roles, ROLES);
    new Int32Array(mem, firstOff, trie.firstWords.length).set(trie.firstWords);
    new Int32Array(mem, pairOff, trie.pairs.length).set(trie.pairs);
    x.init(roles.length - 1, firstOff, trie.firstWords.length - 1, pairOff, trie.pairs.length - 1);
    this.state = new Int32Array(mem, STATE, 4);
  }

  /**
   * The word loop for `trie`'s names, or null where it cannot hash a word as the
   * JavaScript scan does (a character below U+0100 folding to more than three code points:
   * none does, in the Unicode versions Node has shipped) or the module cannot be made (no
   * memory for it): the JavaScript scan then does it all.
   */
  static make(trie: NameTrie): WasmNameScan | null {
    const folds: (readonly number[])[] = [];
    for (let c = 0; c < 256; c++) {
      const f = c < 128 ? [FOLD_WORD[c]] : foldCodePoint(c);
      if (f.length < 1 || f.length > 3) return null;
      folds.push(f);
    }
    try {
      return new WasmNameScan(trie, folds);
    } catch {
      return null;
    }
  }

  /**
   * Copies `text` (at most {@link MAX_WASM_SCAN} code units) into the memory for
   * {@link scan}; false when the memory cannot grow to hold it (the JavaScript scan reads it).
   */
  load(text: string): boolean {
    const width = textWidth(text);
    this.wide = width - 1;
    try {
      ensureMemory(this.x.memory, this.textOff + text.length * width);
    } catch {
      return false;
    }
    copyText(this.x.memory, this.textOff, text, width);
    return true;
  }

  /**
   * Scans the loaded text (`n` code units) from `i` and `state`; returns the start of the
   * first token the JavaScript scan must handle (or `n`), with `state` as before that token.
   */
  scan(i: number, n: number, state: ScanState): number {
    const at = this.x.scan(this.textOff, i, n, state.prevStart, state.prevHash, this.wide);
    if (this.state.buffer !== this.x.memory.buffer) this.state = new Int32Array(this.x.memory.buffer, STATE, 4);
    state.prevStart = this.state[1];
    state.prevHash = this.state[2];
    return at;
  }
}
