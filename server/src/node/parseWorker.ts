/**
 * The parse worker's entry (bundled to dist/parseWorker.js): parses the transcripts the
 * pool sends and answers each with its packed parse, its buffers transferred. It answers
 * on the port the pool gave it and bumps a shared counter, so that the pool can wait for
 * answers without an event loop (see parsePool.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ParseOptions } from '../core/model';
import { parsePacked } from '../core/transcriptTransfer';

/** A transcript to parse. */
export interface ParseJob {
  id: number;
  text: string;
}

/** What the pool gives each worker at start. */
export interface ParseWorkerData {
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [0] counts the answers sent. */
  signal: SharedArrayBuffer;
  options: ParseOptions;
}

const data = workerData as ParseWorkerData | undefined;
if (parentPort && data?.port) {
  const { port, options } = data;
  const signal = new Int32Array(data.signal);
  parentPort.on('message', (job: ParseJob) => {
    const { packed, transfer } = parsePacked(job.text, options);
    port.postMessage({ id: job.id, packed }, transfer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}
