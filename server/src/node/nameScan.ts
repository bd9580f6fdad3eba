/**
 * Looks for the names of a study's identifiers file on a worker thread while the commands
 * read and parse the study (loadStudy.ts). The scan shares no work with the parse, so a
 * worker hides it; and since it needs only each transcript's text, it begins while the
 * files are still being read, when the second core is otherwise idle (the compiler's
 * threads have little to do before the parse starts). Below {@link SCAN_POOL_MIN_BYTES}
 * of transcripts no worker starts and the index's guard scans each text on the calling
 * thread, as the language server always does.
 *
 * Each text is scanned once: a slot per text in a shared Int32Array says who has it
 * ({@link Claim}). The worker claims a text before it scans it; when the calling thread
 * has parsed everything, it takes back the texts the worker has not begun, last first,
 * and scans them itself, so that both finish together however far behind the worker is.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { IdentifierGuard } from '../core/identifiers/guard';
import type { IdentifierMatch } from '../core/identifiers/matcher';
import type { ParseOptions } from '../core/model';
import { Claim, claim } from './scanClaims';
import type { ParseJob, ParseWorkerData } from './parseWorker';
import { poolMinBytes, poolSize, startWorker, STALL_MS } from './parsePool';

/**
 * The least total text of the transcripts (UTF-16 code units) worth a scanning worker:
 * starting it and copying the texts to it cost more below (measured in docs/privacy.md).
 */
export const SCAN_POOL_MIN_BYTES = 8_000_000;

/** The identifiers scan of one cold read of a study: see the file comment. */
export class NameScan {
  /** The transcripts' texts offered so far, by number. */
  private readonly texts: string[] = [];
  /** Their bytes, until posted (see {@link offer}). */
  private readonly bytes: (Uint8Array | undefined)[] = [];
  /** Their names, by number, as they come: from the worker, or from this thread. */
  private readonly found: (IdentifierMatch[] | undefined)[] = [];
  private chars = 0;
  private run: { worker: Worker; port: MessagePort; counter: Int32Array; claims: Int32Array } | null = null;
  /** Texts posted to the worker and not yet answered. */
  private waiting = 0;
  /** Set when no worker can start or none is needed (one core, no worker script, no names): the guard scans in place. */
  private unavailable: boolean;

  /**
   * `count`: how many transcripts will be offered at most (the size of the claims array);
   * `minChars`: the text offered before the worker starts ({@link SCAN_POOL_MIN_BYTES},
   * or the parse pool's threshold where that is lower: CONDENSE_POOL_MIN_BYTES).
   */
  constructor(
    readonly guard: IdentifierGuard,
    private readonly options: ParseOptions,
    private readonly count: number,
    private readonly minChars = Math.min(poolMinBytes(), SCAN_POOL_MIN_BYTES),
  ) {
    this.unavailable = poolSize() < 2 || count === 0 || guard.size === 0;
  }

  /** Whether the worker started: only then does {@link finish} give the names. */
  get started(): boolean {
    return this.run !== null;
  }

  /**
   * Transcript `k`'s text, as it is read (numbers from 0, in order), with the bytes it was
   * decoded from, when the caller is done with them: the worker is sent the bytes (moved,
   * not copied) and decodes them itself, which costs this thread nothing.
   */
  offer = (k: number, text: string, bytes?: Uint8Array): void => {
    this.texts[k] = text;
    if (bytes) this.bytes[k] = bytes;
    // Beyond the claims array (more texts than announced): scanned here at the end.
    if (k >= this.count) return;
    if (this.run) {
      this.post(k);
      return;
    }
    this.chars += text.length;
    if (this.unavailable || this.chars < this.minChars) return;
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const claims = new SharedArrayBuffer(4 * this.count);
    const data: ParseWorkerData = {
      port: port2,
      signal,
      claims,
      options: this.options,
      quotes: [],
      names: [...this.guard.names],
    };
    const worker = startWorker(data);
    if (!worker) {
      this.unavailable = true;
      return;
    }
    this.run = { worker, port: port1, counter: new Int32Array(signal), claims: new Int32Array(claims) };
    for (let j = 0; j < Math.min(this.texts.length, this.count); j++) if (this.texts[j] !== undefined) this.post(j);
  };

  private post(k: number): void {
    const bytes = this.bytes[k];
    this.bytes[k] = undefined;
    if (bytes) {
      // A buffer of its own is moved; a piece of Node's shared pool (a small file) is copied.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      const job: ParseJob = { id: k, text: '', bytes: own, scanOnly: true };
      this.run?.worker.postMessage(job, [own.buffer]);
    } else {
      const job: ParseJob = { id: k, text: this.texts[k], scanOnly: true };
      this.run?.worker.postMessage(job);
    }
    this.waiting++;
  }

  /** Takes the answers that have come (the calling thread between two parses, so that they do not pile up). */
  drain(): void {
    const port = this.run?.port;
    if (!port) return;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const msg = m.message as { id: number; identifiers: IdentifierMatch[] | null };
      this.waiting--;
      // Null: a text this thread took back.
      if (msg.identifiers) this.found[msg.id] = msg.identifiers;
    }
  }

  /**
   * The names found in each text offered, by number, once the calling thread is done with
   * its own work: it scans what the worker has not begun, waits for the rest and stops the
   * worker. Undefined for a text whose answer never came (a worker that stalled for
   * {@link STALL_MS}): the index's guard scans it then.
   */
  finish(): (IdentifierMatch[] | undefined)[] {
    const run = this.run;
    if (!run) return [];
    this.drain();
    for (let k = this.texts.length - 1; k >= 0; k--) {
      if (this.found[k] || this.texts[k] === undefined) continue;
      if (k >= this.count || claim(run.claims, k, Claim.Here)) this.found[k] = this.guard.find(this.texts[k]);
    }
    while (this.waiting > 0) {
      const seen = Atomics.load(run.counter, 0);
      this.drain();
      if (this.waiting === 0) break;
      if (Atomics.wait(run.counter, 0, seen, STALL_MS) === 'timed-out' && Atomics.load(run.counter, 0) === seen) break;
    }
    void run.worker.terminate();
    run.port.close();
    this.run = null;
    this.texts.length = 0;
    return this.found;
  }
}
