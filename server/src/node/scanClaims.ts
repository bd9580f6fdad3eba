/**
 * Who scans a text for the identifiers file's names (nameScan.ts, parseWorker.ts): one
 * slot per text in an Int32Array over a SharedArrayBuffer, claimed with
 * Atomics.compareExchange, so that each text is scanned once, by the worker or, taken
 * back, by the calling thread.
 */
export const enum Claim {
  /** Not begun: the first to claim it scans it. */
  Open = 0,
  /** The worker scans it. */
  Worker = 1,
  /** The calling thread took it back. */
  Here = 2,
}

/** Claims text `k` for `by`: true when it was open, and so is `by`'s to scan. */
export function claim(claims: Int32Array, k: number, by: Claim.Worker | Claim.Here): boolean {
  return (Atomics.compareExchange(claims, k, Claim.Open, by) as Claim) === Claim.Open;
}
