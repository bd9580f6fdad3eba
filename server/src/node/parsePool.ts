/**
 * Parses many transcripts on worker threads, one per core, for a cold scan: the CLI's
 * whole study. Synchronous for its caller: it posts every text, then waits on a shared
 * counter (Atomics.wait) and takes the answers off the workers' ports with
 * receiveMessageOnPort, so no event loop turn is needed. Answers are packed parses whose
 * buffers are transferred (transcriptTransfer.ts), with what each file holds of the
 * study's golden quotes (quoteSearch.ts) and the names of its identifiers file, looked
 * for there too (for the texts this thread parses as well: the workers have time to spare),
 * unless a {@link NameScan} looks for them. Below {@link poolMinBytes} the threads'
 * start-up costs more than they save and the caller parses in place (with a NameScan
 * running, here, so that the names can be attached).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { IdentifierGuard } from '../core/identifiers/guard';
import type { IdentifierMatch } from '../core/identifiers/matcher';
import type { ParseOptions } from '../core/model';
import { LineIndex } from '../core/lineIndex';
import { searchQuotesInFile, type FileQuoteResult, type QuoteSpec } from '../core/quoteSearch';
import { parseTranscript } from '../core/transcript';
import { codeIndex, type StudyIndex } from '../core/studyIndex';
import { unpackTranscript, type PackedTranscript } from '../core/transcriptTransfer';
import type { Parsed } from './study';
import type { NameScan } from './nameScan';
import type { ParseJob, ParseWorkerData } from './parseWorker';

/**
 * The least total text (UTF-16 code units) worth a pool, for the commands (parseInPool)
 * and the language server's first scan (parseInPoolAsync) alike. Measured on the 2-core
 * machine of the benchmarks on 2026-11-30 (docs/performance.md#both-cores-for-the-cold-scan):
 * once a file's parse no longer made an object per unit, one thread beat the pool at every
 * size tried, 18 to 71 MB of dense transcripts, in `check` (0.77 s against 0.95 s at 18 MB)
 * and in the server's first answer (0.71 s against 1.10 s), since a worker warms up its own
 * compiled code and the calling thread then slows down beside it. The pool is kept for
 * larger studies and for machines with more cores (CONDENSE_POOL_MIN_BYTES).
 */
export const POOL_MIN_BYTES = 100_000_000;

/** {@link POOL_MIN_BYTES}, or CONDENSE_POOL_MIN_BYTES when set (a machine with more cores may pay sooner). */
export function poolMinBytes(): number {
  const env = process.env.CONDENSE_POOL_MIN_BYTES;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return POOL_MIN_BYTES;
}

/** How long to wait with no answer before parsing the rest in place (a worker that died). */
export const STALL_MS = 20_000;

/** The number of workers: CONDENSE_WORKERS when set (0 turns the pool off), else one per core. */
export function poolSize(): number {
  const env = process.env.CONDENSE_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The worker script beside this bundle (dist/parseWorker.js), or the source under a TypeScript loader. */
function workerScript(): { file: string; execArgv: string[] } | null {
  const built = path.join(__dirname, 'parseWorker.js');
  if (fs.existsSync(built)) return { file: built, execArgv: [] };
  const source = path.join(__dirname, 'parseWorker.ts');
  if (fs.existsSync(source)) return { file: source, execArgv: ['--require', 'tsx/cjs'] };
  return null;
}

/** A parse worker (parseWorker.ts) started with `data`, or null when there is no worker script. */
export function startWorker(data: ParseWorkerData): Worker | null {
  const script = workerScript();
  if (!script) return null;
  const worker = new Worker(script.file, {
    workerData: data,
    transferList: [data.port],
    execArgv: script.execArgv,
    // A worker's garbage is one file's: a small young generation keeps its memory low
    // (about 20 MB less peak RSS on the dense study, at no measurable cost in time).
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  // A worker that fails (out of memory, say) answers nothing more: what it had is done on
  // the calling thread once the wait for it runs out, so its error must not end the process.
  worker.on('error', () => undefined);
  // Nor keep it alive: a command that fails before it stops its workers still ends.
  worker.unref();
  return worker;
}

/** The golden quotes of a study, by code, as StudyIndex.quoteSpecs gives them. */
export type StudyQuotes = { code: string; specs: QuoteSpec[] }[];

/** What else the workers look for in each transcript: the golden quotes, the identifiers file's names. */
export interface StudyWork {
  quotes?: StudyQuotes;
  /** The index's identifier guard, whose names are looked for (its matches are primed with the answers). */
  guard?: IdentifierGuard | null;
  /** The guard's names are looked for by this scan instead (the commands' cold read, see nameScan.ts). */
  names?: NameScan | null;
}

/** The work a study asks of the pool, from its index. */
export function studyWork(index: StudyIndex): StudyWork {
  return { quotes: index.quoteSpecs(), guard: index.identifierGuard };
}

/**
 * Parses of `texts`, in order, or null when a pool does not pay (small input, one core,
 * no worker script) and no {@link NameScan} runs: the caller then parses in place. The
 * calling thread parses a share itself while the workers parse the rest (so the pool has
 * one worker fewer than there are cores). A text that a stalled worker never answered is
 * parsed in place. Synchronous: it waits on the shared counter, for the CLI.
 */
export function parseInPool(
  texts: string[],
  options: ParseOptions,
  work: StudyWork = {},
  minBytes = poolMinBytes(),
): Parsed[] | null {
  const run = PoolRun.start(texts, options, work, minBytes);
  if (!run) return work.names?.started ? parseWithNames(texts, options, work.names) : null;
  while (run.next < run.queue.length) {
    run.parseHere(run.queue[run.next++]);
    run.drain();
  }
  while (run.pending > 0) {
    const seen = Atomics.load(run.counter, 0);
    run.drain();
    if (run.pending === 0) break;
    if (Atomics.wait(run.counter, 0, seen, STALL_MS) === 'timed-out' && Atomics.load(run.counter, 0) === seen) break;
  }
  const out = run.finish();
  if (work.names) attachNames(out, work.names);
  return out;
}

/** Every text parsed on this thread while `names` scans them on its worker, then the names attached. */
function parseWithNames(texts: string[], options: ParseOptions, names: NameScan): Parsed[] {
  const out = texts.map((text): Parsed => {
    names.drain();
    const lines = new LineIndex(text);
    return { transcript: parseTranscript(text, options, lines), lines };
  });
  attachNames(out, names);
  return out;
}

/** The names `scan` found, on the parses of the texts it was offered (the index's guard scans any it has not). */
function attachNames(parsed: Parsed[], scan: NameScan): void {
  const found = scan.finish();
  parsed.forEach((p, k) => {
    const matches = found[k];
    if (matches) p.identifiers = { guard: scan.guard, matches };
  });
}

/**
 * {@link parseInPool} for the language server's first scan: the answers are taken as the
 * event loop delivers them, and this thread parses its share one file per turn, so that
 * edits and requests are read meanwhile.
 */
export async function parseInPoolAsync(
  texts: string[],
  options: ParseOptions,
  work: StudyWork = {},
  minBytes = poolMinBytes(),
): Promise<Parsed[] | null> {
  const run = PoolRun.start(texts, options, work, minBytes);
  if (!run) return null;
  const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
  while (run.next < run.queue.length) {
    run.parseHere(run.queue[run.next++]);
    run.drain();
    await turn();
  }
  const started = Date.now();
  while (run.pending > 0 && Date.now() - started < STALL_MS) {
    run.drain();
    if (run.pending > 0) await new Promise((r) => setTimeout(r, 2));
  }
  return run.finish();
}

/** One pool's work: the queue, the workers, and the parses so far. */
class PoolRun {
  /** Text indices, largest first. */
  readonly queue: number[];
  next = 0;
  pending = 0;
  /** Per worker: scan-only jobs posted and not yet answered. */
  private readonly scansWaiting: number[];
  /** Set once the workers are stopped. */
  private stopped = false;
  readonly out: (Parsed | null)[];
  private readonly flat: QuoteSpec[];

  private constructor(
    private readonly texts: string[],
    private readonly options: ParseOptions,
    private readonly quotes: StudyQuotes,
    private readonly guard: IdentifierGuard | null,
    private readonly workers: Worker[],
    private readonly ports: MessagePort[],
    readonly counter: Int32Array,
  ) {
    this.queue = texts.map((_, k) => k).sort((a, b) => texts[b].length - texts[a].length);
    this.out = new Array<Parsed | null>(texts.length).fill(null);
    this.flat = quotes.flatMap((q) => q.specs);
    this.scansWaiting = workers.map(() => 0);
    // Each worker holds at most IN_FLIGHT texts (so few copies wait in its port); this
    // thread takes the next text whenever it is free: the threads finish together.
    for (let w = 0; w < workers.length; w++) for (let j = 0; j < IN_FLIGHT; j++) this.post(w);
  }

  /**
   * A run with its workers started, or null when a pool does not pay: workers that parse
   * from `minBytes` of text. With a {@link NameScan} in `work`, they leave the names to it.
   */
  static start(texts: string[], options: ParseOptions, work: StudyWork, minBytes: number): PoolRun | null {
    const quotes = work.quotes ?? [];
    const guard = work.names ? null : (work.guard ?? null);
    let total = 0;
    for (const t of texts) total += t.length;
    const threads = Math.min(poolSize(), texts.length);
    if (threads < 2 || total < minBytes) return null;
    const signal = new SharedArrayBuffer(4);
    // Every text is the pool's to scan: no slot is ever taken back.
    const claims = new SharedArrayBuffer(4 * texts.length);
    const ports: MessagePort[] = [];
    const workers: Worker[] = [];
    // The golden quotes are looked for where each file is parsed, as one list.
    const flat = quotes.flatMap((q) => q.specs);
    for (let w = 0; w < threads - 1; w++) {
      const { port1, port2 } = new MessageChannel();
      const names = [...(guard?.names ?? [])];
      const worker = startWorker({ port: port2, signal, claims, options, quotes: flat, names });
      if (!worker) break;
      workers.push(worker);
      ports.push(port1);
    }
    if (!workers.length) return null;
    return new PoolRun(texts, options, quotes, guard, workers, ports, new Int32Array(signal));
  }

  private post(w: number): void {
    if (this.next >= this.queue.length) return;
    const id = this.queue[this.next++];
    const job: ParseJob = { id, text: this.texts[id] };
    this.workers[w].postMessage(job);
    this.pending++;
  }

  /** Parses text `k` on this thread. */
  parseHere(k: number): void {
    const text = this.texts[k];
    const lines = new LineIndex(text);
    const transcript = parseTranscript(text, this.options, lines);
    const parsed: Parsed = { transcript, lines };
    // Quotes found here only to merge them with the workers' (a worker that only scans
    // leaves them to the index, which looks for them on the codes it already indexed).
    if (this.flat.length)
      parsed.quotes = this.regroup(searchQuotesInFile({ transcript, byCode: codeIndex(transcript) }, this.flat));
    this.out[k] = parsed;
    if (!this.guard) return;
    // The identifiers' scan of this text goes to a worker that has few scans waiting: the
    // workers wait for this thread between texts (about half their time on the benchmark
    // study). A busy worker (a loaded machine) leaves it here, so that no queue of scans
    // is left to wait for at the end. An answer that never comes (a stalled worker) leaves
    // the scan to the index's guard, on this thread.
    let w = 0;
    for (let v = 1; v < this.workers.length; v++) if (this.scansWaiting[v] < this.scansWaiting[w]) w = v;
    if (this.stopped || this.scansWaiting[w] >= SCANS_WAITING) {
      parsed.identifiers = { guard: this.guard, matches: this.guard.find(text) };
      return;
    }
    const job: ParseJob = { id: k, text, scanOnly: true };
    this.workers[w].postMessage(job);
    this.scansWaiting[w]++;
    this.pending++;
  }

  /** Takes every answer waiting on the ports, and gives each worker that answered its next text. */
  drain(): void {
    this.ports.forEach((port, w) => {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const msg = m.message as {
          id: number;
          scanOnly?: boolean;
          packed: PackedTranscript;
          quotes: FileQuoteResult[];
          identifiers: IdentifierMatch[] | null;
        };
        this.pending--;
        if (msg.scanOnly) {
          this.scansWaiting[w]--;
          const here = this.out[msg.id];
          if (here && this.guard && msg.identifiers) here.identifiers = { guard: this.guard, matches: msg.identifiers };
          continue;
        }
        const parsed: Parsed = unpackTranscript(this.texts[msg.id], msg.packed);
        if (this.flat.length) parsed.quotes = this.regroup(msg.quotes);
        if (this.guard && msg.identifiers) parsed.identifiers = { guard: this.guard, matches: msg.identifiers };
        this.out[msg.id] = parsed;
        this.post(w);
      }
    });
  }

  /** Stops the workers; parses here what a stalled worker never answered. */
  finish(): Parsed[] {
    this.stopped = true;
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    return this.out.map((p, k) => {
      if (p) return p;
      this.parseHere(k);
      return this.out[k] as Parsed;
    });
  }

  private regroup(found: FileQuoteResult[]): Map<string, FileQuoteResult[]> {
    const byCode = new Map<string, FileQuoteResult[]>();
    let at = 0;
    for (const q of this.quotes) {
      byCode.set(q.code, found.slice(at, at + q.specs.length));
      at += q.specs.length;
    }
    return byCode;
  }
}

/** Texts a worker holds at once: one it parses, one waiting, so it never idles between them. */
const IN_FLIGHT = 2;

/** Scan-only jobs a worker may have waiting before this thread scans its texts itself. */
const SCANS_WAITING = 4;
