/**
 * Where each imported selection goes in Markdown: selections that cross become nested
 * by splitting the later one where the earlier ends, and each selection becomes a span
 * (within one paragraph), a fenced div (whole lines over several paragraphs) or, when
 * neither fits, one span per paragraph. Offsets are UTF-16 offsets into the source text.
 */

/** A selection to place: offsets, codes and attributes. */
export interface Placed {
  start: number;
  end: number;
  codes: string[];
  id?: string;
  note?: string;
  /** Which selections this came from (for reports). */
  labels: string[];
}

/** A placed unit in the tree. */
export interface LayoutNode extends Placed {
  kind: 'span' | 'div';
  children: LayoutNode[];
  depth: number;
}

/** One selection that had to be cut, with why and into which pieces (UTF-16 offsets). */
export interface RawSplit {
  label: string;
  reason: 'crossing' | 'paragraphs';
  pieces: [number, number][];
}

/** The blank lines of a text as [start, newline] offsets, and its paragraph gaps. */
export interface TextShape {
  text: string;
  blankLines: [number, number][];
  gaps: [number, number][];
}

/** Finds the blank lines and gaps (runs of line breaks with blank lines between) of `text`. */
export function shapeOf(text: string): TextShape {
  // Lines end at LF, CR LF or a lone CR, as Condense's parser reads them.
  const blankLines: [number, number][] = [];
  const breaks = /\r\n?|\n/g;
  let ls = 0;
  for (;;) {
    const m = breaks.exec(text);
    const nl = m ? m.index : text.length;
    if (/^[ \t]*$/.test(text.slice(ls, nl)) && (m || nl > ls)) blankLines.push([ls, nl + (m ? m[0].length - 1 : 0)]);
    if (!m) break;
    ls = nl + m[0].length;
  }
  const gaps: [number, number][] = [];
  const lead = /^(?:[ \t]*(?:\r\n?|\n))+/.exec(text);
  if (lead) gaps.push([0, lead[0].length]);
  const re = /(?:\r\n?|\n)(?:[ \t]*(?:\r\n?|\n))+/g;
  for (let m = re.exec(text); m; m = re.exec(text))
    if (!lead || m.index >= lead[0].length) gaps.push([m.index, m.index + m[0].length]);
  return { text, blankLines, gaps };
}

/** Sorts by start, then longest first. */
function byPosition(a: Placed, b: Placed): number {
  return a.start - b.start || b.end - a.end;
}

/**
 * Turns selections into properly nested ones: a selection that starts inside another and
 * ends after it is cut where the other ends, and the rest goes on as its own selection.
 */
export function nestSelections(items: Placed[], splits: RawSplit[]): Placed[] {
  const queue = [...items].sort(byPosition);
  const out: Placed[] = [];
  const pieces = new Map<Placed, [number, number][]>();
  const originOf = new Map<Placed, Placed>();
  const stack: Placed[] = [];
  for (let q = 0; q < queue.length; q++) {
    let item = queue[q];
    while (stack.length && stack[stack.length - 1].end <= item.start) stack.pop();
    const top = stack[stack.length - 1];
    if (top && item.end > top.end) {
      const origin = originOf.get(item) ?? item;
      const rest: Placed = { ...item, start: top.end, id: undefined, note: item.note };
      delete rest.id;
      originOf.set(rest, origin);
      item = { ...item, end: top.end };
      originOf.set(item, origin);
      let k = q + 1;
      while (k < queue.length && byPosition(queue[k], rest) <= 0) k++;
      queue.splice(k, 0, rest);
      const list = pieces.get(origin) ?? [];
      pieces.set(origin, list);
    }
    const origin = originOf.get(item) ?? item;
    if (pieces.has(origin)) pieces.get(origin)?.push([item.start, item.end]);
    out.push(item);
    stack.push(item);
  }
  for (const [origin, list] of pieces)
    for (const label of origin.labels) splits.push({ label, reason: 'crossing', pieces: list });
  return out;
}

/** True when `it` nests inside `top` as the Markdown will be written (an empty unit at the end of another comes after it). */
function contains(top: Placed, it: Placed): boolean {
  if (it.start < top.start || it.end > top.end) return false;
  if (top.end <= it.start && !(top.start === it.start && top.end === it.end)) return false;
  return true;
}

/** How deep properly nested selections nest, as treeOf would build them, without building the tree. */
export function nestingDepth(items: Placed[]): number {
  const stack: Placed[] = [];
  let max = 0;
  for (const it of [...items].sort(byPosition)) {
    while (stack.length && !contains(stack[stack.length - 1], it)) stack.pop();
    stack.push(it);
    if (stack.length > max) max = stack.length;
  }
  return max;
}

/** Builds the tree of properly nested selections (sorted by position). */
function treeOf(items: Placed[]): LayoutNode[] {
  const roots: LayoutNode[] = [];
  const stack: LayoutNode[] = [];
  for (const it of [...items].sort(byPosition)) {
    while (stack.length && !contains(stack[stack.length - 1], it)) stack.pop();
    const node: LayoutNode = { ...it, kind: 'span', children: [], depth: stack.length };
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/**
 * Chooses span or div for every node, cutting what fits neither at paragraph breaks.
 * With `allowDivs` false every unit is a span (the fallback that always fits).
 */
export function layout(items: Placed[], shape: TextShape, allowDivs: boolean, splits: RawSplit[]): LayoutNode[] {
  const text = shape.text;
  const spanMarks = new Set<number>();
  const divCloses = new Set<number>();
  const out: LayoutNode[] = [];

  // Blank lines and gaps are sorted and disjoint: binary searches keep big projects linear-ish.
  const firstAfter = (list: [number, number][], pos: number, key: 0 | 1): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][key] <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const blankByEnd = new Map(shape.blankLines.map((l) => [l[1], l]));
  const spanFits = (s: number, e: number): boolean => {
    const next = shape.blankLines[firstAfter(shape.blankLines, s, 0)];
    return !next || next[1] >= e;
  };
  const newlineAt = (e: number): number =>
    text.charCodeAt(e) === 10 ? 1 : text.charCodeAt(e) === 13 ? (text.charCodeAt(e + 1) === 10 ? 2 : 1) : 0;
  const lineBeforeIsOpen = (s: number, parent: LayoutNode | null): boolean => {
    if (s === 0) return true;
    if (parent && parent.kind === 'div' && parent.start === s) return true;
    if (divCloses.has(s)) return true;
    const line = blankByEnd.get(s - 1);
    if (!line) return false;
    for (let p = line[0]; p <= line[1]; p++) if (spanMarks.has(p)) return false;
    return true;
  };
  const divFits = (n: Placed, parent: LayoutNode | null): boolean =>
    allowDivs &&
    n.end > n.start &&
    (parent === null || parent.kind === 'div') &&
    (n.start === 0 ||
      text.charCodeAt(n.start - 1) === 10 ||
      (text.charCodeAt(n.start - 1) === 13 && text.charCodeAt(n.start) !== 10)) &&
    newlineAt(n.end) > 0 &&
    !spanMarks.has(n.start) &&
    lineBeforeIsOpen(n.start, parent);

  /** The parts of [s, e) outside paragraph gaps. */
  const paragraphsOf = (s: number, e: number): [number, number][] => {
    const parts: [number, number][] = [];
    let cur = s;
    for (let k = firstAfter(shape.gaps, s, 1); k < shape.gaps.length; k++) {
      const [gs, ge] = shape.gaps[k];
      if (gs >= e) break;
      if (gs > cur) parts.push([cur, gs]);
      cur = Math.max(cur, ge);
    }
    if (cur < e) parts.push([cur, e]);
    return parts;
  };

  const place = (n: LayoutNode, parent: LayoutNode | null, siblings: LayoutNode[], forceSpan = false): void => {
    if (forceSpan || spanFits(n.start, n.end) || (parent !== null && parent.kind === 'span')) {
      n.kind = 'span';
      spanMarks.add(n.start);
      siblings.push(n);
      const kids = n.children;
      n.children = [];
      for (const k of kids) place(k, n, n.children);
      spanMarks.add(n.end);
      return;
    }
    if (divFits(n, parent)) {
      n.kind = 'div';
      siblings.push(n);
      const kids = n.children;
      n.children = [];
      for (const k of kids) place(k, n, n.children);
      divCloses.add(n.end + newlineAt(n.end));
      return;
    }
    // Neither: one span per paragraph, children cut the same way. What lies wholly in
    // blank lines cannot be a unit (it would end its paragraph): it is left out, reported.
    const parts = n.start === n.end ? [] : paragraphsOf(n.start, n.end);
    if (n.start === n.end) {
      place(n, parent, siblings, true);
      return;
    }
    for (const label of n.labels) splits.push({ label, reason: 'paragraphs', pieces: parts });
    const kids = flatten(n.children);
    const leftOver: Placed[] = [];
    for (const c of kids) {
      const cut = parts
        .map(([ps, pe]): [number, number] => [Math.max(c.start, ps), Math.min(c.end, pe)])
        .filter(([a, b]) => a < b);
      if (cut.length > 1) for (const label of c.labels) splits.push({ label, reason: 'paragraphs', pieces: cut });
      const touches = cut.length > 0 || (c.start === c.end && parts.some(([ps, pe]) => c.start >= ps && c.start <= pe));
      if (!touches) {
        if (c.start === c.end) leftOver.push(c);
        else for (const label of c.labels) splits.push({ label, reason: 'paragraphs', pieces: [] });
      }
    }
    parts.forEach(([ps, pe], k) => {
      const piece: LayoutNode = { ...n, start: ps, end: pe, children: [], kind: 'span' };
      if (k > 0) delete piece.id;
      const inside: Placed[] = [];
      for (const c of kids) {
        const cs = Math.max(c.start, ps);
        const ce = Math.min(c.end, pe);
        if (cs < ce || (c.start === c.end && c.start >= ps && c.start <= pe))
          inside.push({ ...c, start: cs, end: Math.max(cs, ce) });
      }
      piece.children = treeOf(inside);
      place(piece, parent, siblings, true);
    });
    for (const c of leftOver) place({ ...c, kind: 'span', children: [], depth: 0 }, parent, siblings, true);
  };

  for (const r of treeOf(items)) place(r, null, out);
  setDepths(out, 0);
  return out;
}

function flatten(nodes: LayoutNode[]): Placed[] {
  const out: Placed[] = [];
  const walk = (ns: LayoutNode[]): void => {
    for (const n of ns) {
      const { children, kind: _kind, depth: _depth, ...rest } = n;
      out.push(rest);
      walk(children);
    }
  };
  walk(nodes);
  return out;
}

function setDepths(nodes: LayoutNode[], depth: number): void {
  for (const n of nodes) {
    n.depth = depth;
    setDepths(n.children, depth + 1);
  }
}
