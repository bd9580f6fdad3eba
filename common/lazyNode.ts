/**
 * Node modules that most runs never use, each loaded on its first use. `condense check`,
 * the language server and the parse workers start without them: loading `node:crypto`
 * and `node:child_process` (with `net` and `dgram`, which it loads) cost every start
 * about 7 ms (docs/performance.md), for a temporary file name, a GUID or a git call that
 * most runs never make. Their users call these instead of importing them
 * (test/unit/lazyLoad.test.ts fails when a start loads them again).
 */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;
let childProcess: typeof ChildProcess | undefined;

/** `node:crypto`, loaded now if it is not yet. */
export function nodeCrypto(): typeof Crypto {
  // require, not import: an import would load it at every start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (crypto ??= require('node:crypto') as typeof Crypto);
}

/** `node:child_process`, loaded now if it is not yet. */
export function nodeChildProcess(): typeof ChildProcess {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (childProcess ??= require('node:child_process') as typeof ChildProcess);
}
