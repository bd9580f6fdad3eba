/**
 * The parse worker's entry (bundled to dist/parseWorker.js): parses the transcripts the
 * pool sends and answers each with its packed parse, its buffers transferred, and
 * what it found of the study's golden quotes. It answers
 * on the port the pool gave it and bumps a shared counter, so that the pool can wait for
 * answers without an event loop (see parsePool.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ParseOptions } from '../core/model';
import { searchQuotesInFile, type QuoteSpec } from '../core/quoteSearch';
import { parsePacked } from '../core/transcriptTransfer';
import { codeIndex } from '../core/workspaceIndex';

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
  /** The golden quotes to look for in each transcript, all codes' in one list. */
  quotes: QuoteSpec[];
}

const data = workerData as ParseWorkerData | undefined;
if (parentPort && data?.port) {
  const { port, options, quotes } = data;
  const signal = new Int32Array(data.signal);
  parentPort.on('message', (job: ParseJob) => {
    const { packed, transfer, transcript } = parsePacked(job.text, options);
    const found = quotes.length ? searchQuotesInFile({ transcript, byCode: codeIndex(transcript) }, quotes) : [];
    port.postMessage({ id: job.id, packed, quotes: found }, transfer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}
