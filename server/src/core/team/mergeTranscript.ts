/**
 * Merges two coders' codings of one transcript (the core of `condense merge-file`).
 * When both sides hold the same text apart from the units' markup, the result is that
 * text with the three-way merge of both sides' units: a unit someone added is kept, a
 * unit one side removed and the other left alone is removed, and the same span on both
 * sides becomes one unit with the merged codes and attributes (ours wins a clash, which
 * is reported). Spans that would cross cannot be written: their paragraph gets conflict
 * markers and the rest merges. Texts that differ are left to the caller (a text merge).
 */
import type { Transcript, Unit } from '../model';
import { parseTranscript } from '../transcript';

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

/** A piece of unit markup removed from a source, at bare offset `at`. */
interface Piece {
  at: number;
  length: number;
  div: boolean;
}

/** A source with its unit markup taken out. */
interface Stripped {
  source: string;
  bare: string;
  units: Placed[];
  pieces: Piece[];
}

/** The outcome of merging one transcript. */
export type TranscriptMerge =
  | { kind: 'merged'; text: string; conflicts: number; messages: string[] }
  /** The texts differ beyond unit markup: the caller merges the text. */
  | { kind: 'text-differs' };

function strip(source: string, t: Transcript): Stripped {
  const raw: { from: number; to: number; div: boolean }[] = [];
  for (const u of t.units) {
    raw.push({ from: u.startOffset, to: u.contentStartOffset, div: u.kind === 'div' });
    raw.push({ from: u.contentEndOffset, to: u.endOffset, div: u.kind === 'div' });
  }
  raw.sort((x, y) => x.from - y.from);
  let bare = '';
  let src = 0;
  let removed = 0;
  const pieces: Piece[] = [];
  const bareAt = new Map<number, number>();
  for (const r of raw) {
    bare += source.slice(src, r.from);
    pieces.push({ at: r.from - removed, length: r.to - r.from, div: r.div });
    bareAt.set(r.from, r.from - removed);
    removed += r.to - r.from;
    src = r.to;
  }
  bare += source.slice(src);
  const units = t.units.map((u) => placed(source, u, bareAt));
  return { source, bare, units, pieces };
}

function placed(source: string, u: Unit, bareAt: Map<number, number>): Placed {
  const p: Placed = {
    kind: u.kind,
    start: bareAt.get(u.startOffset) as number,
    end: bareAt.get(u.contentEndOffset) as number,
    codes: [...new Set(u.codes)],
    attributes: u.attributes,
    open: source.slice(u.startOffset, u.contentStartOffset),
    close: source.slice(u.contentEndOffset, u.endOffset),
  };
  if (u.id !== undefined) p.id = u.id;
  if (u.note !== undefined) p.note = u.note;
  return p;
}

const keyOf = (u: Placed): string => `${u.kind}:${u.start}:${u.end}`;

/** The units of one side by place; units written twice over the same words become one. */
function byPlace(units: Placed[]): Map<string, Placed> {
  const m = new Map<string, Placed>();
  for (const u of units) {
    const k = keyOf(u);
    const prior = m.get(k);
    if (!prior) m.set(k, { ...u, codes: [...u.codes], attributes: [...u.attributes] });
    else {
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

function quoteValue(v: string): string {
  return /^[^\s"'{}=\\]+$/.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function attributeBlock(u: Placed): string {
  const parts: string[] = [];
  if (u.id !== undefined) parts.push(`#${u.id}`);
  for (const c of u.codes) parts.push(`.${c}`);
  if (u.note !== undefined) parts.push(`note=${quoteValue(u.note)}`);
  for (const [k, v] of u.attributes) parts.push(`${k}=${quoteValue(v)}`);
  return `{${parts.join(' ')}}`;
}

function sameUnit(x: Placed, y: Placed | undefined): boolean {
  return (
    y !== undefined &&
    y.close !== '' &&
    x.codes.join(' ') === y.codes.join(' ') &&
    x.id === y.id &&
    x.note === y.note &&
    JSON.stringify(x.attributes) === JSON.stringify(y.attributes)
  );
}

/** The markup of a merged unit: as one side wrote it if it is that side's unit, else written anew. */
function markup(u: Placed, ours: Placed | undefined, theirs: Placed | undefined, eol: string): { open: string; close: string } {
  for (const side of [ours, theirs]) if (side && sameUnit(u, side)) return { open: side.open, close: side.close };
  if (u.kind === 'span') return { open: '[', close: `]${attributeBlock(u)}` };
  const close = (ours ?? theirs)?.close || `${eol}:::`;
  return { open: `::: ${attributeBlock(u)}${eol}`, close };
}

interface Merged {
  unit: Placed;
  open: string;
  close: string;
}

/** Three-way merge of the units of the three sides (base may be empty). */
function mergeUnits(base: Placed[], ours: Placed[], theirs: Placed[], messages: string[], where: (u: Placed) => string, eol: string): Merged[] {
  const B = byPlace(base);
  const O = byPlace(ours);
  const T = byPlace(theirs);
  const keys = [...new Set([...O.keys(), ...T.keys()])];
  const out: Merged[] = [];
  for (const k of keys) {
    const b = B.get(k);
    const o = O.get(k);
    const t = T.get(k);
    const allCodes = [...new Set([...(o?.codes ?? []), ...(t?.codes ?? []), ...(b?.codes ?? [])])];
    const codes = allCodes.filter((c) => merge3(!!b?.codes.includes(c), !!o?.codes.includes(c), !!t?.codes.includes(c)).value);
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
    const names = [...new Set([...(o?.attributes ?? []), ...(t?.attributes ?? []), ...(b?.attributes ?? [])].map(([n]) => n))];
    for (const n of names) {
      const get = (x: Placed | undefined): string | undefined => x?.attributes.find(([k2]) => k2 === n)?.[1];
      const m = merge3(get(b), get(o), get(t));
      if (o && t && m.clash) clash(`the attribute ${n}`, get(o), get(t));
      if (m.value !== undefined) u.attributes.push([n, m.value]);
    }
    out.push({ unit: u, ...markup(u, o, t, eol) });
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

/** The source slice of a stripped side for bare [s, e): its span markup inside, div fences outside. */
function sourceSlice(x: Stripped, s: number, e: number): string {
  let from = s;
  let to = e;
  for (const p of x.pieces) {
    if (p.at < s || (p.at === s && p.div)) from += p.length;
    if (p.at < e || (p.at === e && !p.div)) to += p.length;
  }
  return x.source.slice(from, to);
}

/** Writes the bare text with the merged units, and conflict blocks in place of the conflicting paragraphs. */
function render(bare: string, units: Merged[], conflicts: { s: number; e: number; text: string }[]): string {
  const closes = new Map<number, Merged[]>();
  const opens = new Map<number, Merged[]>();
  for (const m of units) {
    (closes.get(m.unit.end) ?? closes.set(m.unit.end, []).get(m.unit.end))?.push(m);
    (opens.get(m.unit.start) ?? opens.set(m.unit.start, []).get(m.unit.start))?.push(m);
  }
  const positions = [...new Set([...closes.keys(), ...opens.keys(), ...conflicts.flatMap((c) => [c.s, c.e])])].sort((a, b) => a - b);
  const conflictAt = new Map(conflicts.map((c) => [c.s, c]));
  let out = '';
  let at = 0;
  for (const p of positions) {
    if (p < at) continue;
    out += bare.slice(at, p);
    at = p;
    // Closings first (inner ones first), then empty units, then openings (outer ones first).
    const cl = (closes.get(p) ?? []).filter((m) => m.unit.start < p).sort((x, y) => y.unit.start - x.unit.start || (x.unit.kind === 'div' ? 1 : -1));
    const empty = (opens.get(p) ?? []).filter((m) => m.unit.end === p);
    const op = (opens.get(p) ?? []).filter((m) => m.unit.end > p).sort((x, y) => y.unit.end - x.unit.end || (x.unit.kind === 'div' ? -1 : 1));
    out += cl.map((m) => m.close).join('') + empty.map((m) => m.open + m.close).join('') + op.map((m) => m.open).join('');
    const c = conflictAt.get(p);
    if (c) {
      out += c.text;
      // Units inside were dropped; those around it close when the loop reaches c.e.
      at = c.e;
    }
  }
  return out + bare.slice(at);
}

/**
 * Merges the codings of one transcript. `path` names the file in messages. Returns
 * 'text-differs' when ours and theirs differ in more than unit markup.
 */
export function mergeTranscript(base: string, ours: string, theirs: string, path: string): TranscriptMerge {
  const so = strip(ours, parseTranscript(ours));
  const st = strip(theirs, parseTranscript(theirs));
  if (so.bare !== st.bare) return { kind: 'text-differs' };
  const sb = strip(base, parseTranscript(base));
  // A base whose text differs cannot say what was removed: then every unit of either side counts as added.
  const baseUnits = sb.bare === so.bare ? sb.units : [];
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  const lineOf = (at: number): number => so.bare.slice(0, at).split('\n').length;
  const messages: string[] = [];
  let merged = mergeUnits(baseUnits, so.units, st.units, messages, (u) => `${path}:${lineOf(u.start)}`, eol);
  const conflicts: { s: number; e: number; text: string }[] = [];
  for (const [x, y] of crossings(merged)) {
    const [s, e] = paragraphAround(so.bare, Math.min(x.start, y.start), Math.max(x.end, y.end));
    if (conflicts.some((c) => c.s <= s && e <= c.e)) continue;
    messages.push(`${path}:${lineOf(s)}: units of ours and theirs cross, which Markdown cannot write; that paragraph has conflict markers`);
    conflicts.push({ s, e, text: '' });
  }
  if (conflicts.length) {
    merged = merged.filter(
      (m) => !conflicts.some((c) => m.unit.start < c.e && m.unit.end > c.s && !(m.unit.kind === 'div' && m.unit.start <= c.s && m.unit.end >= c.e)),
    );
    for (const c of conflicts) {
      c.text = `<<<<<<< ours${eol}${sourceSlice(so, c.s, c.e)}${eol}=======${eol}${sourceSlice(st, c.s, c.e)}${eol}>>>>>>> theirs`;
    }
  }
  return { kind: 'merged', text: render(so.bare, merged, conflicts), conflicts: conflicts.length, messages };
}
