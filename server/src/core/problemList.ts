/**
 * A parse's own diagnostics, kept as numbers until they are asked for. A hostile file
 * (170,000 unclosed brackets) has a problem every few characters: made as objects in the
 * parse, with a range and two positions each, they cost a third of its time and tens of
 * megabytes, while the editor is sent at most 1,000 of them (diagnosticsPublisher.ts).
 * Each problem is its source offsets and a kind (severity, code and message, shared by
 * the problems that say the same); its Diagnostic is made on demand, the same object the
 * parse made before (same fields, same order).
 */
import { IntList } from './intList';
import type { LineIndex } from './lineIndex';
import type { Diagnostic, DiagnosticCode } from './model';

/** What problems of one kind say. */
interface ProblemKind {
  severity: Diagnostic['severity'];
  code: DiagnosticCode;
  message: string;
  data?: Diagnostic['data'];
}

/** Numbers per problem: start, end, kind. */
const STRIDE = 3;

/** The problems of one parse, in the order they were found until {@link sort}. */
export class ProblemList {
  private readonly records = new IntList(STRIDE * 16);
  private readonly kinds: ProblemKind[] = [];
  /** A kind by its message (most kinds have a message of their own). */
  private readonly byMessage = new Map<string, number>();
  /** Record numbers in position order, once sorted. */
  private order: Int32Array | null = null;
  private made: Diagnostic[] | null = null;

  /** How many problems there are. */
  get length(): number {
    return this.records.length / STRIDE;
  }

  /**
   * Adds a problem at source offsets [start, end); returns its number (for {@link setMessage}).
   * `data` belongs to the kind: it must follow from the message (as a duplicate code's id
   * does from the message that names it).
   */
  add(
    start: number,
    end: number,
    severity: Diagnostic['severity'],
    code: DiagnosticCode,
    message: string,
    data?: Diagnostic['data'],
  ): number {
    const n = this.length;
    const at = this.records.reserve(STRIDE);
    const d = this.records.data;
    d[at] = start;
    d[at + 1] = end;
    d[at + 2] = this.kindOf(severity, code, message, data);
    this.order = null;
    this.made = null;
    return n;
  }

  /** Adds every problem of `other`, in its order (found order, or position order once sorted). */
  append(other: ProblemList): void {
    const d = other.records.data;
    for (let i = 0; i < other.length; i++) {
      const r = other.at(i) * STRIDE;
      const kind = other.kinds[d[r + 2]];
      this.add(d[r], d[r + 1], kind.severity, kind.code, kind.message, kind.data);
    }
  }

  /** Forgets every problem (a list used again). */
  clear(): void {
    this.records.length = 0;
    this.order = null;
    this.made = null;
  }

  /** Gives problem `n` another message (a count known only later). */
  setMessage(n: number, message: string): void {
    const kind = this.kinds[this.records.data[n * STRIDE + 2]];
    this.records.data[n * STRIDE + 2] = this.kindOf(kind.severity, kind.code, message, kind.data);
    this.made = null;
  }

  /** Puts the problems in position order (by start; ties keep the order they were found in). */
  sort(): void {
    const d = this.records.data;
    const order = new Int32Array(this.length);
    let sorted = true;
    for (let i = 0; i < order.length; i++) {
      order[i] = i;
      if (i > 0 && d[i * STRIDE] < d[(i - 1) * STRIDE]) sorted = false;
    }
    if (!sorted) order.sort((a, b) => d[a * STRIDE] - d[b * STRIDE] || a - b);
    this.order = order;
    this.made = null;
  }

  /** The number of the problem at place `i` in position order (found order before {@link sort}). */
  private at(i: number): number {
    return this.order ? this.order[i] : i;
  }

  /** The start offset of the problem at place `i`. */
  startAt(i: number): number {
    return this.records.data[this.at(i) * STRIDE];
  }

  /** The severity of the problem at place `i`. */
  severityAt(i: number): Diagnostic['severity'] {
    return this.kinds[this.records.data[this.at(i) * STRIDE + 2]].severity;
  }

  /** The Diagnostic of the problem at place `i`, made now. */
  diagnosticAt(i: number, lines: LineIndex): Diagnostic {
    const r = this.at(i) * STRIDE;
    const d = this.records.data;
    const kind = this.kinds[d[r + 2]];
    const made: Diagnostic = {
      range: lines.rangeOf(d[r], d[r + 1]),
      severity: kind.severity,
      code: kind.code,
      message: kind.message,
    };
    if (kind.data !== undefined) made.data = kind.data;
    return made;
  }

  /** Every Diagnostic, in place order, made once and kept. */
  all(lines: LineIndex): Diagnostic[] {
    if (!this.made) this.made = Array.from({ length: this.length }, (_, i) => this.diagnosticAt(i, lines));
    return this.made;
  }

  private kindOf(
    severity: Diagnostic['severity'],
    code: DiagnosticCode,
    message: string,
    data: Diagnostic['data'] | undefined,
  ): number {
    const k = this.byMessage.get(message);
    if (k === undefined) {
      // A new message (each too-deep problem has its own count): a new kind, found by it.
      this.byMessage.set(message, this.kinds.push(newKind(severity, code, message, data)) - 1);
      return this.kinds.length - 1;
    }
    if (this.kinds[k].severity === severity && this.kinds[k].code === code) return k;
    // The same message under another severity or code: rare, found by a walk of those.
    const found = this.kinds.findIndex((x) => x.severity === severity && x.code === code && x.message === message);
    return found >= 0 ? found : this.kinds.push(newKind(severity, code, message, data)) - 1;
  }
}

function newKind(
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  message: string,
  data: Diagnostic['data'] | undefined,
): ProblemKind {
  const kind: ProblemKind = { severity, code, message };
  if (data !== undefined) kind.data = data;
  return kind;
}
