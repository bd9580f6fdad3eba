/**
 * UTF-8 decoding in WebAssembly (wasm/utf8.wat), for the files a study reads: about three
 * times as fast as TextDecoder on the dense benchmark study, and compiled before its first
 * call. Text whose characters are all below U+0100 becomes a one-byte string, as V8 makes
 * it; other text a two-byte string, as V8 makes it. Anything the module does not decode
 * (invalid UTF-8, a file larger than the memory a thread keeps for this) is left to the
 * caller's TextDecoder: null. So is everything where WebAssembly is not available.
 */
import { UTF8_WASM } from './wasm/utf8Wasm';
import { compileModule, ensureMemory, instantiate, wasmAvailable, type WasmMemory } from './wasm/wasmModule';

interface Utf8Exports {
  memory: WasmMemory;
  latin1(src: number, length: number, dst: number): number;
  utf16(src: number, length: number, dst: number): number;
}

/** Files up to this many bytes are decoded here (3 bytes of memory each: the file, and two per character). */
export const MAX_WASM_DECODE = 4 << 20;

/** This thread's instance, made on first use. */
let decoder: Utf8Exports | undefined;

/** `bytes` decoded as UTF-8 (a BOM kept as U+FEFF), or null: see the file comment. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  const n = bytes.length;
  // Without WebAssembly (`node --jitless`, for one), TextDecoder does it all.
  if (n > MAX_WASM_DECODE || !wasmAvailable()) return null;
  const x = (decoder ??= instantiate<Utf8Exports>(compileModule(UTF8_WASM)));
  // The bytes at 0, the characters after them at an even address.
  const dst = (n + 7) & ~7;
  const need = dst + 2 * n;
  const memory = x.memory;
  ensureMemory(memory, need);
  new Uint8Array(memory.buffer, 0, n).set(bytes);
  const one = x.latin1(0, n, dst);
  if (one >= 0) return Buffer.from(memory.buffer, dst, one).toString('latin1');
  const units = x.utf16(0, n, dst);
  if (units >= 0) return Buffer.from(memory.buffer, dst, 2 * units).toString('utf16le');
  return null;
}
