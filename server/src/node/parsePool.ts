/**
 * Parses many transcripts on worker threads, one per core, for a cold scan: the CLI's
 * whole study. Synchronous for its caller: it posts every text, then waits on a shared
 * counter (Atomics.wait) and takes the answers off the workers' ports with
 * receiveMessageOnPort, so no event loop turn is needed. Answers are packed parses whose
 * buffers are transferred (transcriptTransfer.ts), with what each file holds of the
 * study's golden quotes (quoteSearch.ts), looked for there too. Below {@link POOL_MIN_BYTES} the
 * threads' start-up costs more than they save and the caller parses in place.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ParseOptions } from '../core/model';
import { LineIndex } from '../core/lineIndex';
import { searchQuotesInFile, type FileQuoteResult, type QuoteSpec } from '../core/quoteSearch';
import { parseTranscript } from '../core/transcript';
import { codeIndex } from '../core/workspaceIndex';
import { unpackTranscript, type PackedTranscript } from '../core/transcriptTransfer';
import type { Parsed } from './study';
import type { ParseJob, ParseWorkerData } from './parseWorker';

/**
 * The least total text (UTF-16 code units) worth a pool. Measured on a 2-core machine
 * (docs/performance.md): starting two workers costs about 40 ms; below about 2 MB
 * of transcripts the serial parse is as fast.
 */
export const POOL_MIN_BYTES = 2_000_000;

/** How long to wait with no answer before parsing the rest in place (a worker that died). */
const STALL_MS = 20_000;

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

/**
 * Parses of `texts`, in order, or null when a pool does not pay (small input, one core,
 * no worker script): the caller then parses in place. The calling thread parses a share
 * itself while the workers parse the rest (so the pool has one worker fewer than there
 * are cores). A text that a stalled worker never answered is parsed in place.
 */
export function parseInPool(
  texts: string[],
  options: ParseOptions,
  quotes: { code: string; specs: QuoteSpec[] }[] = [],
  minBytes = POOL_MIN_BYTES,
): Parsed[] | null {
  let total = 0;
  for (const t of texts) total += t.length;
  const threads = Math.min(poolSize(), texts.length);
  const script = workerScript();
  if (threads < 2 || total < minBytes || !script) return null;
  const size = threads - 1;
  // The golden quotes are looked for where each file is parsed, as one list.
  const flat = quotes.flatMap((q) => q.specs);
  const regroup = (found: FileQuoteResult[]): Map<string, FileQuoteResult[]> => {
    const byCode = new Map<string, FileQuoteResult[]>();
    let at = 0;
    for (const q of quotes) {
      byCode.set(q.code, found.slice(at, at + q.specs.length));
      at += q.specs.length;
    }
    return byCode;
  };
  const here = (k: number): Parsed => {
    const lines = new LineIndex(texts[k]);
    const transcript = parseTranscript(texts[k], options, lines);
    if (flat.length === 0) return { transcript, lines };
    const found = searchQuotesInFile({ transcript, byCode: codeIndex(transcript) }, flat);
    return { transcript, lines, quotes: regroup(found) };
  };
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let w = 0; w < size; w++) {
    const { port1, port2 } = new MessageChannel();
    const data: ParseWorkerData = { port: port2, signal, options, quotes: flat };
    workers.push(
      new Worker(script.file, {
        workerData: data,
        transferList: [port2],
        execArgv: script.execArgv,
        // A worker's garbage is one file's: a small young generation keeps its memory low
        // (about 20 MB less peak RSS on the dense study, at no measurable cost in time).
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      }),
    );
    ports.push(port1);
  }
  // One queue, largest first; each worker holds at most IN_FLIGHT texts (so few copies
  // wait in its port), and this thread takes the next text whenever it is free: the
  // threads finish together whatever their speed.
  const queue = texts.map((_, k) => k).sort((a, b) => texts[b].length - texts[a].length);
  let next = 0;
  const out: (Parsed | null)[] = new Array(texts.length).fill(null);
  const post = (w: number): boolean => {
    if (next >= queue.length) return false;
    const job: ParseJob = { id: queue[next++], text: texts[queue[next - 1]] };
    workers[w].postMessage(job);
    return true;
  };
  let pending = 0;
  for (let w = 0; w < size; w++) for (let j = 0; j < IN_FLIGHT; j++) if (post(w)) pending++;
  const drain = (): void => {
    ports.forEach((port, w) => {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const msg = m.message as { id: number; packed: PackedTranscript; quotes: FileQuoteResult[] };
        const parsed: Parsed = unpackTranscript(texts[msg.id], msg.packed);
        if (flat.length) parsed.quotes = regroup(msg.quotes);
        out[msg.id] = parsed;
        pending--;
        if (post(w)) pending++;
      }
    });
  };
  while (next < queue.length) {
    const k = queue[next++];
    out[k] = here(k);
    drain();
  }
  while (pending > 0) {
    const seen = Atomics.load(counter, 0);
    drain();
    if (pending === 0) break;
    if (Atomics.wait(counter, 0, seen, STALL_MS) === 'timed-out' && Atomics.load(counter, 0) === seen) break;
  }
  for (const w of workers) void w.terminate();
  for (const p of ports) p.close();
  return out.map((p, k) => p ?? here(k));
}

/** Texts a worker holds at once: one it parses, one waiting, so it never idles between them. */
const IN_FLIGHT = 2;
