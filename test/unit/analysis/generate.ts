/**
 * Generated studies with their ground truth recorded while writing them: which units
 * nest in which, the codes and speaker of each, each speaker's role, and the codes each
 * transcript brings first. The expected matrices are computed from that record, not by
 * reading the files back, so they check the analyses independently.
 */
import { prng } from '../support/grammar';

/** One unit as the generator wrote it. */
export interface TruthUnit {
  transcript: string;
  codes: string[];
  speaker?: string;
  role?: string;
  /** Indices (into the study's truth list) of the units it lies inside. */
  ancestors: number[];
  empty: boolean;
}

/** A generated study: its files and the truth about them. */
export interface GeneratedStudy {
  files: Record<string, string>;
  /** Codebook codes depth first, then undefined ones by id. */
  codes: string[];
  themeOf: Map<string, string>;
  units: TruthUnit[];
  roles: string[];
  /** Every role given to someone in a participants: front matter. */
  declaredRoles: Set<string>;
}

const WORDS = ['we', 'the', 'peer', 'workers', 'café', 'naïve', '😊', 'e\u0301', 'trust', 'time', 'board', 'ønske'];

/** A study of `transcripts` focus groups with nested spans, divs, two-code units, roles. */
export function generateStudy(seed: number, transcripts = 4): GeneratedStudy {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const themes = 2 + Math.floor(rnd() * 3);
  const codes: string[] = [];
  const themeOf = new Map<string, string>();
  const cb: string[] = [];
  for (let t = 1; t <= themes; t++) {
    cb.push(`# Theme ${t} {#t${t}}`, '');
    codes.push(`t${t}`);
    themeOf.set(`t${t}`, `t${t}`);
    const subs = 1 + Math.floor(rnd() * 3);
    for (let s = 1; s <= subs; s++) {
      cb.push(`## Sub ${t}.${s} {#t${t}s${s}}`, '');
      codes.push(`t${t}s${s}`);
      themeOf.set(`t${t}s${s}`, `t${t}`);
    }
  }
  const usable = [...codes, 'zz-undefined'];
  themeOf.set('zz-undefined', 'zz-undefined');
  const roles = ['executive', 'strategic', 'peer worker'];
  const files: Record<string, string> = { 'codebook.md': cb.join('\n') };
  const units: TruthUnit[] = [];
  const declaredRoles = new Set<string>();
  for (let k = 0; k < transcripts; k++) {
    const name = `transcripts/fg${k + 1}.md`;
    const speakers = ['P1', 'P2', 'P3', 'P4'];
    const roleOf = new Map<string, string>();
    const fm = ['---', 'participants:'];
    for (const s of speakers.slice(0, 3)) {
      const r = pick(roles);
      roleOf.set(s, r);
      declaredRoles.add(r);
      fm.push(`  ${s}: {role: ${r}}`);
    }
    fm.push('---', '');
    const out: string[] = [...fm];
    const word = (): string => pick(WORDS);
    const codesFor = (): string[] => (rnd() < 0.25 ? [...new Set([pick(usable), pick(usable)])] : [pick(usable)]);
    const attrs = (cs: string[]): string => `{${cs.map((c) => `.${c}`).join(' ')}}`;
    /** Writes a span (maybe with nested spans) and records it; returns its Markdown. */
    const span = (speaker: string, ancestors: number[], depth: number): string => {
      const me = units.length;
      const cs = codesFor();
      const empty = depth > 0 && rnd() < 0.05;
      units.push({ transcript: name, codes: cs, speaker, role: roleOf.get(speaker), ancestors, empty });
      if (empty) return `[]${attrs(cs)}`;
      const parts: string[] = [word()];
      const n = depth < 2 ? Math.floor(rnd() * 3) : 0;
      for (let j = 0; j < n; j++) {
        parts.push(rnd() < 0.5 ? span(speaker, [...ancestors, me], depth + 1) : word());
        parts.push(word());
      }
      return `[${parts.join(' ')}]${attrs(cs)}`;
    };
    const turn = (speaker: string, ancestors: number[]): string => {
      const parts: string[] = [`**${speaker}:**`, word()];
      const n = 1 + Math.floor(rnd() * 4);
      for (let j = 0; j < n; j++) parts.push(rnd() < 0.6 ? span(speaker, ancestors, 0) : word(), word());
      return parts.join(' ');
    };
    const turns = 4 + Math.floor(rnd() * 6);
    for (let j = 0; j < turns; j++) {
      if (rnd() < 0.2) {
        // A div over two turns: its speaker is the first turn's.
        const first = pick(speakers);
        const me = units.length;
        const cs = codesFor();
        units.push({
          transcript: name,
          codes: cs,
          speaker: first,
          role: roleOf.get(first),
          ancestors: [],
          empty: false,
        });
        out.push(`::: ${attrs(cs)}`, turn(first, [me]), '', turn(pick(speakers), [me]), ':::', '');
      } else out.push(turn(pick(speakers), []), '');
    }
    files[name] = out.join('\n');
  }
  codes.push('zz-undefined');
  return { files, codes, themeOf, units, roles, declaredRoles };
}

/** The expected co-occurrence matrix of a generated study, from its recorded nesting. */
export function expectedCooccurrence(g: GeneratedStudy, themes: boolean): { rows: string[]; cells: number[][] } {
  const rowOf = (c: string): string => (themes ? (g.themeOf.get(c) as string) : c);
  const rows = themes ? [...new Set(g.codes.map(rowOf))] : g.codes;
  const at = new Map(rows.map((r, k) => [r, k]));
  const cells = rows.map(() => rows.map(() => 0));
  const descendants = g.units.map(() => [] as number[]);
  g.units.forEach((u, k) => {
    for (const a of u.ancestors) descendants[a].push(k);
  });
  g.units.forEach((u, k) => {
    const mine = new Set(u.codes.map(rowOf));
    const met = new Set(mine);
    if (!u.empty) {
      for (const j of [...u.ancestors, ...descendants[k]])
        if (!g.units[j].empty) for (const c of g.units[j].codes) met.add(rowOf(c));
    }
    for (const r of mine) for (const c of met) cells[at.get(r) as number][at.get(c) as number]++;
  });
  return { rows, cells };
}

/** The expected units-by-role matrix: columns are the roles given in participants: (natural order), then `(none)`. */
export function expectedByRole(
  g: GeneratedStudy,
  themes: boolean,
): { rows: string[]; cols: string[]; cells: number[][] } {
  const rowOf = (c: string): string => (themes ? (g.themeOf.get(c) as string) : c);
  const rows = themes ? [...new Set(g.codes.map(rowOf))] : g.codes;
  const cols = [...g.declaredRoles].sort((a, b) => a.localeCompare(b, 'en'));
  cols.push('(none)');
  const cells = rows.map(() => cols.map(() => 0));
  for (const u of g.units) {
    const c = cols.indexOf(u.role ?? '(none)');
    for (const r of new Set(u.codes.map(rowOf))) cells[rows.indexOf(r)][c]++;
  }
  return { rows, cols, cells };
}

/** A study whose transcripts bring known codes in a known order of their dates. */
export function generateSaturationStudy(seed: number): {
  files: Record<string, string>;
  expected: { file: string; newCodes: string[] }[];
} {
  const rnd = prng(seed);
  const n = 3 + Math.floor(rnd() * 5);
  const codes = Array.from({ length: 12 }, (_, k) => `c${String(k + 1).padStart(2, '0')}`);
  const files: Record<string, string> = { 'codebook.md': codes.map((c) => `# Code ${c} {#${c}}\n`).join('\n') };
  // Date order is a shuffle of file-name order, so sorting by name would be wrong.
  const names = Array.from({ length: n }, (_, k) => `transcripts/t${k + 1}.md`);
  const byDate = [...names].sort(() => rnd() - 0.5);
  const expected: { file: string; newCodes: string[] }[] = [];
  let next = 0;
  const seen: string[] = [];
  byDate.forEach((file, rank) => {
    const fresh =
      rank === byDate.length - 1 ? [] : codes.slice(next, Math.min(codes.length, next + Math.floor(rnd() * 4)));
    next += fresh.length;
    const reused = seen.length ? [seen[Math.floor(rnd() * seen.length)]] : [];
    const body = [...reused, ...fresh, ...reused].map((c) => `[words about ${c}]{.${c}}`).join(' and ');
    files[file] =
      `---\ndate: 2025-0${1 + Math.floor(rank / 3)}-${String(10 + rank).padStart(2, '0')}\n---\n\n**P1:** ${body || 'nothing coded'}\n`;
    seen.push(...fresh);
    expected.push({ file, newCodes: fresh });
  });
  return { files, expected };
}
