/**
 * A growable list of 32-bit integers, for the parser's flat records (units, markup
 * ranges): typed storage grows by doubling and holds no boxed numbers, so filling it
 * costs neither the growth of a large JavaScript array nor garbage collection.
 */
export class IntList {
  /** The storage; only [0, length) is the list (it is replaced as the list grows). */
  data: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Int32Array(capacity);
  }

  /** Makes room for `n` more numbers at the end and returns where they go: write them to `data`. */
  reserve(n: number): number {
    const at = this.length;
    if (at + n > this.data.length) this.grow(at + n);
    this.length = at + n;
    return at;
  }

  push1(a: number): void {
    const at = this.reserve(1);
    this.data[at] = a;
  }

  push2(a: number, b: number): void {
    const at = this.reserve(2);
    const d = this.data;
    d[at] = a;
    d[at + 1] = b;
  }

  push4(a: number, b: number, c: number, e: number): void {
    const at = this.reserve(4);
    const d = this.data;
    d[at] = a;
    d[at + 1] = b;
    d[at + 2] = c;
    d[at + 3] = e;
  }

  private grow(min: number): void {
    const bigger = new Int32Array(Math.max(min, 2 * this.data.length));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
}
