/**
 * What the core needs of the WebAssembly API, in one place: whether it is there (it is
 * not under `node --jitless`, where each user falls back to JavaScript), compiling a
 * module from the base64 bytes of a generated module (scripts/buildWasm.mjs), and an
 * instance of it. The project's type libraries have no DOM, where the API is declared.
 */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

/** Whether this runtime has WebAssembly. */
export function wasmAvailable(): boolean {
  return typeof WebAssembly !== 'undefined';
}

/** A module compiled from base64 bytes (small modules: compiled at once, before their first call). */
export function compileModule(base64: string): object {
  // Node decodes base64 natively; atob and a callback per byte, still cold at start-up,
  // cost 2 to 3 ms of every command's start for the four modules.
  const bytes =
    typeof Buffer === 'undefined'
      ? Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      : Buffer.from(base64, 'base64');
  return new WebAssembly.Module(bytes);
}

/** A new instance of `module`, with its exports typed as `T`. */
export function instantiate<T>(module: object, imports: object = {}): T {
  return new WebAssembly.Instance(module, imports).exports as T;
}

/** A module instance's memory, as the core's modules export it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** WebAssembly's page: memory grows by whole pages. */
const PAGE = 0x10000;

/** Grows `memory` to hold at least `bytes` bytes (its buffer is a new one after growing). */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
}

/** A character above U+00FF: the text needs two bytes a character in a module's memory. */
const WIDE = /[^\0-\xff]/;

/** How many bytes a character `text` takes in a module's memory: 1 when all are below U+0100, else 2. */
export function textWidth(text: string): 1 | 2 {
  return WIDE.test(text) ? 2 : 1;
}

/**
 * Copies `text` into `memory` at `offset`, `width` bytes a character (from
 * {@link textWidth}; the memory already holds that much): a native copy, not a loop.
 */
export function copyText(memory: WasmMemory, offset: number, text: string, width: 1 | 2): void {
  Buffer.from(memory.buffer, offset, text.length * width).write(text, 0, width === 2 ? 'utf16le' : 'latin1');
}
