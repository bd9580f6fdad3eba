/**
 * The parse worker's entry (bundled to dist/parseWorker.js): parses the transcripts the
 * pool sends and answers each with its packed parse, its buffers transferred, and
 * what it found of the study's golden quotes and of its identifiers file's names (or,
 * for a text the calling thread parses, only the names: for the pool, or for a
 * name scan (nameScan.ts), which may take a text back before it is begun). It answers
 * on the port the pool gave it and bumps a shared counter, so that the pool can wait for
 * answers without an event loop (see parsePool.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ParseOptions } from '../core/model';
import { IdentifierMatcher } from '../core/identifiers/matcher';
import { searchQuotesInFile, type QuoteSpec } from '../core/quoteSearch';
import { parsePacked } from '../core/transcriptTransfer';
import { codeIndex } from '../core/studyIndex';
import { Claim, claim } from './scanClaims';
import { decodeText } from '../core/textFile';

/** A transcript to parse. */
export interface ParseJob {
  id: number;
  text: string;
  /** Only look for the identifiers file's names: the pool's own thread parsed the text. */
  scanOnly?: boolean;
  /** For a scan, the text's bytes instead of `text` (moved, not copied): decoded here. */
  bytes?: Uint8Array;
}

/** What the pool gives each worker at start. */
export interface ParseWorkerData {
  port: MessagePort;
  /** Int32Array over a SharedArrayBuffer: [0] counts the answers sent. */
  signal: SharedArrayBuffer;
  /** Int32Array over a SharedArrayBuffer, a slot per text: who scans it for names ({@link Claim}). */
  claims: SharedArrayBuffer;
  options: ParseOptions;
  /** The golden quotes to look for in each transcript, all codes' in one list. */
  quotes: QuoteSpec[];
  /** The names of the study's identifiers file, to find in each transcript (empty: none). */
  names: string[];
}

const data = workerData as ParseWorkerData | undefined;
if (parentPort && data?.port) {
  const { port, options, quotes, names } = data;
  const matcher = names.length ? new IdentifierMatcher(names) : null;
  const signal = new Int32Array(data.signal);
  const claims = new Int32Array(data.claims);
  parentPort.on('message', (job: ParseJob) => {
    if (job.scanOnly) {
      // A text the calling thread took back is not scanned here: null.
      const mine = claim(claims, job.id, Claim.Worker);
      // The bytes the calling thread decoded without a problem decode to the same text here.
      const decoded = job.bytes && mine ? decodeText(job.bytes, Infinity) : null;
      const text = decoded && 'text' in decoded ? decoded.text : job.text;
      port.postMessage({ id: job.id, scanOnly: true, identifiers: matcher && mine ? matcher.find(text) : null });
    } else {
      const { packed, transfer, transcript } = parsePacked(job.text, options);
      const found = quotes.length ? searchQuotesInFile({ transcript, byCode: codeIndex(transcript) }, quotes) : [];
      const identifiers = matcher ? matcher.find(job.text) : null;
      port.postMessage({ id: job.id, packed, quotes: found, identifiers }, transfer);
    }
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}
