/**
 * Merges two coders' codings of one transcript (the core of `condense merge-file`).
 * When both sides hold the same text apart from the units' markup, the result is that
 * text with the three-way merge of both sides' units: a unit someone added is kept, a
 * unit one side removed and the other left alone is removed, and the same span on both
 * sides becomes one unit with the merged codes and attributes (ours wins a clash, which
 * is reported). Spans that would cross cannot be written: their paragraph gets conflict
 * markers and the rest merges. When the text itself differs, the texts without units are
 * merged three-way by the caller's text merge (git's) and the units carried into it.
 */
import type { Transcript } from '../model';
import { parseTranscript } from '../transcript';
import type { TextMerge } from './mergeCodebook';
import { attributeText } from './attributeText';
import { alignTexts, mapAtoB } from './textAlignment';
import { unitMarkup, type UnitMarkup } from './unitSpans';

/** A unit placed in the bare text (the text without any unit markup). */
interface Placed {
  kind: 'span' | 'div';
  /** Bare UTF-16 offsets where the opening and the closing markup go. */
  start: number;
  end: number;
  codes: string[];
  id?: string;
  note?: string;
  attributes: [string, string][];
  /** The markup as written, reused when the merged unit is the same as this one. */
  open: string;
  close: string;
}

/** A source with its unit markup taken out. */
interface Stripped {
  source: string;
  bare: string;
  units: Placed[];
}

/** The outcome of merging one transcript. */
export type TranscriptMerge =
  | { kind: 'merged'; text: string; conflicts: number; messages: string[] }
  /** The texts differ beyond unit markup: the caller merges the text. */
  | { kind: 'text-differs' };

function strip(source: string, t: Transcript): Stripped {
  const marks = unitMarkup(t);
  // The markup pieces, 2k the opening of unit k and 2k + 1 its closing; no two start at
  // the same offset (each markup character belongs to one unit).
  const n = 2 * marks.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  marks.forEach((u, k) => {
    from[2 * k] = u.startOffset;
    to[2 * k] = u.contentStartOffset;
    from[2 * k + 1] = u.contentEndOffset;
    to[2 * k + 1] = u.endOffset;
  });
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => from[x] - from[y]);
  // Where each piece goes in the bare text.
  const bareOf = new Int32Array(n);
  let bare = '';
  let src = 0;
  let removed = 0;
  for (const i of order) {
    bare += source.slice(src, from[i]);
    bareOf[i] = from[i] - removed;
    removed += to[i] - from[i];
    src = to[i];
  }
  bare += source.slice(src);
  const units = marks.map((u, k) => placed(source, u, bareOf[2 * k], bareOf[2 * k + 1]));
  return { source, bare, units };
}

function placed(source: string, u: UnitMarkup, start: number, end: number): Placed {
  const p: Placed = {
    kind: u.kind,
    start,
    end,
    codes: u.codes,
    attributes: u.attributes,
    open: source.slice(u.startOffset, u.contentStartOffset),
    close: source.slice(u.contentEndOffset, u.endOffset),
  };
  if (u.id !== undefined) p.id = u.id;
  if (u.note !== undefined) p.note = u.note;
  return p;
}

/**
 * A unit's place (kind, start, end in a bare text of `length`) as one key: a number when
 * that is exact (texts below 67 M characters), else a string.
 */
function placeKey(length: number): (u: Placed) => number | string {
  const m = 2 * (length + 1);
  if (m * m >= 2 ** 53) return (u) => `${u.kind}:${u.start}:${u.end}`;
  return (u) => u.start * m + u.end * 2 + (u.kind === 'div' ? 1 : 0);
}

/** The units of one side by place; units written twice over the same words become one. */
function byPlace(units: Placed[], keyOf: (u: Placed) => number | string): Map<number | string, Placed> {
  const m = new Map<number | string, Placed>();
  // A unit is copied only when a second one at its place is merged into it.
  const copied = new Set<number | string>();
  for (const u of units) {
    const k = keyOf(u);
    let prior = m.get(k);
    if (!prior) m.set(k, u);
    else {
      if (!copied.has(k)) {
        prior = { ...prior, codes: [...prior.codes], attributes: [...prior.attributes] };
        m.set(k, prior);
        copied.add(k);
      }
      for (const c of u.codes) if (!prior.codes.includes(c)) prior.codes.push(c);
      prior.id ??= u.id;
      prior.note ??= u.note;
      for (const [k2, v] of u.attributes) if (!prior.attributes.some(([x]) => x === k2)) prior.attributes.push([k2, v]);
      prior.open = prior.kind === 'span' ? '[' : prior.open;
      prior.close = '';
    }
  }
  return m;
}

/** Three-way merge of one value: a side that changed it from the base wins; both changed: ours, flagged. */
function merge3<T>(base: T, ours: T, theirs: T): { value: T; clash: boolean } {
  if (ours === theirs) return { value: ours, clash: false };
  if (ours === base) return { value: theirs, clash: false };
  if (theirs === base) return { value: ours, clash: false };
  return { value: ours, clash: true };
}

function attributeBlock(u: Placed): string {
  return attributeText(u);
}

function sameUnit(x: Placed, y: Placed | undefined): boolean {
  return y !== undefined && y.close !== '' && sameFields(x, y);
}

/** A merged unit with its markup: as one side wrote it if it is that side's unit, else written anew. */
function withMarkup(u: Placed, ours: Placed | undefined, theirs: Placed | undefined, eol: string): Merged {
  if (ours && sameUnit(u, ours)) return { unit: u, open: ours.open, close: ours.close };
  if (theirs && sameUnit(u, theirs)) return { unit: u, open: theirs.open, close: theirs.close };
  if (u.kind === 'span') return { unit: u, open: '[', close: `]${attributeBlock(u)}` };
  const close = (ours ?? theirs)?.close || `${eol}:::`;
  return { unit: u, open: `::: ${attributeBlock(u)}${eol}`, close };
}

interface Merged {
  unit: Placed;
  open: string;
  close: string;
}

/** Whether two units have the same codes (in the same order), id, note and attributes. */
function sameFields(x: Placed, y: Placed): boolean {
  if (x.id !== y.id || x.note !== y.note) return false;
  if (x.codes.length !== y.codes.length || x.attributes.length !== y.attributes.length) return false;
  for (let k = 0; k < x.codes.length; k++) if (x.codes[k] !== y.codes[k]) return false;
  for (let k = 0; k < x.attributes.length; k++) {
    if (x.attributes[k][0] !== y.attributes[k][0] || x.attributes[k][1] !== y.attributes[k][1]) return false;
  }
  return true;
}

function distinctNames(attributes: [string, string][]): boolean {
  if (attributes.length < 2) return true;
  return new Set(attributes.map(([n]) => n)).size === attributes.length;
}

/** Three-way merge of the units of the three sides (base may be empty). */
function mergeUnits(
  base: Placed[],
  ours: Placed[],
  theirs: Placed[],
  bareLength: number,
  messages: string[],
  where: (u: Placed) => string,
  eol: string,
): Merged[] {
  const keyOf = placeKey(bareLength);
  const B = byPlace(base, keyOf);
  const O = byPlace(ours, keyOf);
  const T = byPlace(theirs, keyOf);
  const keys = [...new Set([...O.keys(), ...T.keys()])];
  const out: Merged[] = [];
  for (const k of keys) {
    const b = B.get(k);
    const o = O.get(k);
    const t = T.get(k);
    if (o && t && b && sameFields(o, t) && sameFields(o, b) && distinctNames(o.attributes)) {
      // Unchanged on both sides: the general case below would give ours again, field by
      // field. Ours itself is the merged unit (nothing changes a merged unit).
      out.push(withMarkup(o, o, t, eol));
      continue;
    }
    const allCodes = [...new Set([...(o?.codes ?? []), ...(t?.codes ?? []), ...(b?.codes ?? [])])];
    const codes = allCodes.filter(
      (c) => merge3(!!b?.codes.includes(c), !!o?.codes.includes(c), !!t?.codes.includes(c)).value,
    );
    const present = merge3(!!b, !!o, !!t).value || codes.some((c) => !b?.codes.includes(c));
    if (!present) continue;
    const first = (o ?? t) as Placed;
    const u: Placed = { ...first, codes, attributes: [] };
    delete u.id;
    delete u.note;
    const clash = (what: string, ov: string | undefined, tv: string | undefined): void => {
      messages.push(
        `${where(first)}: both sides changed ${what} of the same unit; kept ours (${JSON.stringify(ov ?? null)}), not theirs (${JSON.stringify(tv ?? null)})`,
      );
    };
    for (const field of ['id', 'note'] as const) {
      const m = merge3(b?.[field], o?.[field], t?.[field]);
      if (o && t && m.clash) clash(field === 'id' ? 'the id' : 'the note', o[field], t[field]);
      if (m.value !== undefined) u[field] = m.value;
    }
    const names = [
      ...new Set([...(o?.attributes ?? []), ...(t?.attributes ?? []), ...(b?.attributes ?? [])].map(([n]) => n)),
    ];
    for (const n of names) {
      const get = (x: Placed | undefined): string | undefined => x?.attributes.find(([k2]) => k2 === n)?.[1];
      const m = merge3(get(b), get(o), get(t));
      if (o && t && m.clash) clash(`the attribute ${n}`, get(o), get(t));
      if (m.value !== undefined) u.attributes.push([n, m.value]);
    }
    out.push(withMarkup(u, o, t, eol));
  }
  return out;
}

/** Pairs of merged units that cross (neither nests in the other nor lies apart). */
function crossings(units: Merged[]): [Placed, Placed][] {
  const list = units.map((m) => m.unit).sort((x, y) => x.start - y.start || y.end - x.end);
  const out: [Placed, Placed][] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length && list[j].start < list[i].end; j++) {
      if (list[j].start > list[i].start && list[j].end > list[i].end) out.push([list[i], list[j]]);
    }
  }
  return out;
}

/** The paragraph (between blank lines) around bare offsets [s, e): [start of its first line, end of its last line). */
function paragraphAround(bare: string, s: number, e: number): [number, number] {
  const blank = /\r?\n[ \t]*\r?\n/g;
  let start = 0;
  let end = bare.length;
  for (let m = blank.exec(bare); m; m = blank.exec(bare)) {
    const lineBreak = m.index;
    const after = m.index + m[0].length;
    if (after <= s) start = after;
    else if (lineBreak >= e) {
      end = lineBreak;
      break;
    }
  }
  if (end === bare.length && /\r?\n$/.test(bare)) end = bare.length - (bare.endsWith('\r\n') ? 2 : 1);
  return [start, Math.max(end, e)];
}

/** One side's own units inside bare [s, e) written into that stretch: one side of a conflict block. */
function sideSlice(bare: string, s: number, e: number, units: Placed[]): string {
  const inside = units
    .filter((u) => u.start >= s && u.end <= e && !(u.kind === 'div' && u.start === s && u.end === e))
    .map((u) => ({ unit: { ...u, start: u.start - s, end: u.end - s }, open: u.open, close: u.close }));
  return render(bare.slice(s, e), inside, []);
}

/**
 * Carries units of a stripped side into a merged bare text: a boundary in unchanged text
 * moves with it; a start where text of the unit was replaced takes the start of the
 * replacement (an end, its end), and text inserted just outside a unit stays outside.
 */
function carry(side: Stripped, bare: string): Placed[] {
  const al = alignTexts(side.bare, bare, true);
  const at = (x: number, isStart: boolean): number => {
    const [lo, hi] = mapAtoB(al, x);
    if (lo === hi) return lo;
    for (const b of al.blocks) {
      if (b.equal) continue;
      if (isStart && b.aStart <= x && x < b.aEnd) return b.bStart;
      if (!isStart && b.aStart < x && x <= b.aEnd) return b.bEnd;
    }
    return isStart ? hi : lo;
  };
  return side.units.map((u) => {
    const start = at(u.start, true);
    return { ...u, start, end: Math.max(start, at(u.end, false)) };
  });
}

/** Unit indices of `units` in order of `key`, units of equal keys in their own order. */
function orderBy(units: Merged[], key: (m: Merged) => number): number[] {
  const order: number[] = [];
  for (let i = 0; i < units.length; i++) order.push(i);
  return order.sort((x, y) => key(units[x]) - key(units[y]));
}

/**
 * Writes the bare text with the merged units, and conflict blocks in place of the
 * conflicting paragraphs. At each place where a unit opens or closes: the closings first
 * (inner ones first), then empty units, then the openings (outer ones first). The units
 * of a place are found by walking the units in order of their ends and of their starts
 * (each in the units' own order where equal), so a transcript's thousand places make no
 * map and no array apart from the few units at each.
 */
function render(bare: string, units: Merged[], conflicts: { s: number; e: number; text: string }[]): string {
  const byEnd = orderBy(units, (m) => m.unit.end);
  const byStart = orderBy(units, (m) => m.unit.start);
  const bySpot = [...conflicts].sort((x, y) => x.s - y.s);
  let out = '';
  let at = 0;
  let e = 0;
  let s = 0;
  let c = 0;
  for (;;) {
    // The next place: the least of the next end, start and conflict.
    let p = Infinity;
    if (e < byEnd.length) p = units[byEnd[e]].unit.end;
    if (s < byStart.length) p = Math.min(p, units[byStart[s]].unit.start);
    if (c < bySpot.length) p = Math.min(p, bySpot[c].s);
    if (p === Infinity) break;
    const closing: Merged[] = [];
    for (; e < byEnd.length && units[byEnd[e]].unit.end === p; e++) closing.push(units[byEnd[e]]);
    const opening: Merged[] = [];
    for (; s < byStart.length && units[byStart[s]].unit.start === p; s++) opening.push(units[byStart[s]]);
    let conflict: { s: number; e: number; text: string } | undefined;
    // Of conflicts that start at one place, the last is written (as a map by start kept it).
    for (; c < bySpot.length && bySpot[c].s <= p; c++) if (bySpot[c].s === p) conflict = bySpot[c];
    if (p < at) continue;
    out += bare.slice(at, p);
    at = p;
    const cl = closing
      .filter((m) => m.unit.start < p)
      .sort((x, y) => y.unit.start - x.unit.start || (x.unit.kind === 'div' ? 1 : -1));
    for (const m of cl) out += m.close;
    for (const m of opening) if (m.unit.end === p) out += m.open + m.close;
    const op = opening
      .filter((m) => m.unit.end > p)
      .sort((x, y) => y.unit.end - x.unit.end || (x.unit.kind === 'div' ? -1 : 1));
    for (const m of op) out += m.open;
    if (conflict) {
      out += conflict.text;
      // Units inside were dropped; those around it close when the loop reaches its end.
      at = conflict.e;
    }
  }
  return out + bare.slice(at);
}

/**
 * Merges the codings of one transcript. `path` names the file in messages. When ours and
 * theirs differ in more than unit markup, their texts without units are merged by
 * `mergeText` (git's) and the units carried into the result; without `mergeText`, or
 * when that text merge conflicts, the answer is 'text-differs'.
 */
export function mergeTranscript(
  base: string,
  ours: string,
  theirs: string,
  path: string,
  mergeText?: TextMerge,
): TranscriptMerge {
  const so = strip(ours, parseTranscript(ours));
  const st = strip(theirs, parseTranscript(theirs));
  const sb = strip(base, parseTranscript(base));
  const messages: string[] = [];
  let bare = so.bare;
  let sides: [Placed[], Placed[], Placed[]];
  if (so.bare === st.bare) {
    // A base whose text differs cannot say what was removed: then every unit of either side counts as added.
    sides = [sb.bare === so.bare ? sb.units : [], so.units, st.units];
  } else {
    if (!mergeText) return { kind: 'text-differs' };
    const m = mergeText(sb.bare, so.bare, st.bare);
    if (m.conflicts > 0) return { kind: 'text-differs' };
    bare = m.text;
    sides = [carry(sb, bare), carry(so, bare), carry(st, bare)];
    messages.push(`${path}: the text differs between the sides; merged the text and carried the units into it`);
  }
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  const lineOf = (at: number): number => bare.slice(0, at).split('\n').length;
  let merged = mergeUnits(
    sides[0],
    sides[1],
    sides[2],
    bare.length,
    messages,
    (u) => `${path}:${lineOf(u.start)}`,
    eol,
  );
  const conflicts: { s: number; e: number; text: string }[] = [];
  for (const [x, y] of crossings(merged)) {
    const [s, e] = paragraphAround(bare, Math.min(x.start, y.start), Math.max(x.end, y.end));
    if (conflicts.some((c) => c.s <= s && e <= c.e)) continue;
    messages.push(
      `${path}:${lineOf(s)}: units of ours and theirs cross, which Markdown cannot write; that paragraph has conflict markers`,
    );
    conflicts.push({ s, e, text: '' });
  }
  if (conflicts.length) {
    const around = (m: Merged, c: { s: number; e: number }): boolean =>
      m.unit.kind === 'div' && m.unit.start <= c.s && m.unit.end >= c.e;
    merged = merged.filter((m) => !conflicts.some((c) => m.unit.start < c.e && m.unit.end > c.s && !around(m, c)));
    for (const c of conflicts) {
      c.text = `<<<<<<< ours${eol}${sideSlice(bare, c.s, c.e, sides[1])}${eol}=======${eol}${sideSlice(bare, c.s, c.e, sides[2])}${eol}>>>>>>> theirs`;
    }
  }
  return { kind: 'merged', text: render(bare, merged, conflicts), conflicts: conflicts.length, messages };
}
