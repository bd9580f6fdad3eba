/**
 * REFI-QDA 1.5 export: a study as a Project (project.qde with its sources, for a .qdpx)
 * and its codebook as a Codebook (.qdc). Pure: returns strings; see qdpxArchive.ts for
 * the zip. Every GUID is a UUID v5 of a stable name (see exportModel.ts), the output
 * is written in a fixed order, and empty containers are left out, as the schema wants.
 */
import type { IndexedCode } from '../studyIndex';
import {
  codeGuids,
  codeName,
  codesInOrder,
  exportTranscripts,
  validColor,
  type ExportInput,
  type ExportTranscript,
} from './exportModel';
import { normalizeNewlines } from './plainSource';
import { uuidV5 } from './uuid';
import { XmlWriter } from './xmlWriter';

/** Namespaces of the two REFI-QDA documents. */
export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

/** The name of the reserved code whose codings mark the units that hold golden quotes. */
export const GOLDEN_QUOTES_CODE = 'Golden quotes (Condense)';

/** Options of the REFI-QDA exports. */
export interface RefiOptions {
  /** The project's name (default "Condense study"). */
  name?: string;
  /** Written as the `origin` attribute (default "Condense"). */
  origin?: string;
  /** The name of the exporting user (default "Condense"). */
  user?: string;
}

/** A Project export: the project.qde text and the sources to store beside it. */
export interface RefiProject {
  qde: string;
  /** Files of the sources/ folder: path inside the archive and UTF-8 text. */
  sources: { path: string; text: string }[];
}

interface NoteOut {
  guid: string;
  name: string;
  text: string;
}

/** Builds the REFI-QDA Project of a study. */
export function buildRefiProject(input: ExportInput, options: RefiOptions = {}): RefiProject {
  const { index } = input;
  const guidOf = codeGuids(index);
  const transcripts = exportTranscripts(input);
  const userGuid = uuidV5(`user:${options.user ?? 'Condense'}`);
  const codes = codesInOrder(index);

  // Codes used in transcripts that the codebook does not define still get a code, so
  // that no coding is lost and every CodeRef resolves.
  const unknown = new Set<string>();
  for (const t of transcripts)
    for (const u of t.transcript.units) for (const c of u.codes) if (!index.getCode(c)) unknown.add(c);

  // Notes: each code section with a body (Condensate, Quotes, Synthesis, others).
  const notes: NoteOut[] = [];
  const noteRefs = new Map<string, string[]>();
  for (const c of codes) {
    const refs: string[] = [];
    const seen = new Map<string, number>();
    for (const s of c.sections) {
      if (!s.body.trim()) continue;
      const n = seen.get(s.title) ?? 0;
      seen.set(s.title, n + 1);
      const guid = uuidV5(`note:${guidOf(c.id)}:${s.title}:${n}`);
      notes.push({ guid, name: `${s.title} (${codeName(index, c.id)})`, text: normalizeNewlines(s.body) });
      refs.push(guid);
    }
    noteRefs.set(c.id, refs);
  }

  // Golden quotes: the selections of the units where each quote was found.
  const quoted = new Set<string>();
  for (const p of index.quoteProvenance()) for (const m of p.matches) quoted.add(`${m.uri}\u0000${m.index}`);
  const goldenGuid = uuidV5('code:condense:golden-quotes');

  const w = new XmlWriter();
  w.open('Project', [
    ['xmlns', PROJECT_NS],
    ['name', options.name ?? 'Condense study'],
    ['origin', options.origin ?? 'Condense'],
    ['creatingUserGUID', userGuid],
  ]);
  w.open('Users')
    .empty('User', [
      ['guid', userGuid],
      ['name', options.user ?? 'Condense'],
    ])
    .close();

  if (codes.length || unknown.size || quoted.size) {
    w.open('CodeBook').open('Codes');
    const writeCode = (c: IndexedCode): void => {
      const children = c.children.map((k) => index.getCode(k)).filter((k): k is IndexedCode => k !== undefined);
      const refs = noteRefs.get(c.id) ?? [];
      const attrs: [string, string | boolean | undefined][] = [
        ['guid', guidOf(c.id)],
        ['name', codeName(index, c.id)],
        ['isCodable', true],
        ['color', validColor(c.color)],
      ];
      if (!c.description && !refs.length && !children.length) {
        w.empty('Code', attrs);
        return;
      }
      w.open('Code', attrs);
      if (c.description) w.text('Description', normalizeNewlines(c.description));
      for (const r of refs) w.empty('NoteRef', [['targetGUID', r]]);
      for (const k of children) writeCode(k);
      w.close();
    };
    for (const r of index.rootCodes()) {
      const c = index.getCode(r);
      if (c) writeCode(c);
    }
    for (const id of [...unknown].sort()) {
      w.open('Code', [
        ['guid', guidOf(id)],
        ['name', id],
        ['isCodable', true],
      ]);
      w.text('Description', 'Used in the transcripts but not defined in the codebook.');
      w.close();
    }
    if (quoted.size) {
      w.open('Code', [
        ['guid', goldenGuid],
        ['name', GOLDEN_QUOTES_CODE],
        ['isCodable', true],
      ]);
      w.text(
        'Description',
        "Meaning units that hold a golden quote of a code. The quotes themselves are in each code's Quotes note.",
      );
      w.close();
    }
    w.close().close();
  }

  writeCases(w, transcripts);

  if (transcripts.length) {
    w.open('Sources');
    for (const t of transcripts) {
      const title = typeof t.transcript.frontMatter.title === 'string' ? t.transcript.frontMatter.title : undefined;
      const attrs: [string, string][] = [
        ['guid', t.guid],
        ['name', t.name],
        ['plainTextPath', `internal://${t.guid}.txt`],
      ];
      if (!title && t.transcript.units.length === 0) {
        w.empty('TextSource', attrs);
        continue;
      }
      w.open('TextSource', attrs);
      if (title) w.text('Description', title);
      t.transcript.units.forEach((u, k) => {
        const selGuid = t.selectionGuids[k];
        const codesOfUnit = [...new Set(u.codes)].map((c) => guidOf(c));
        if (quoted.has(`${t.uri}\u0000${k}`)) codesOfUnit.push(goldenGuid);
        const a: [string, string | number | undefined][] = [
          ['guid', selGuid],
          ['name', u.id],
          ['startPosition', t.stored.offset(u.plainStart)],
          ['endPosition', t.stored.offset(u.plainEnd)],
        ];
        if (!codesOfUnit.length && u.note === undefined) {
          w.empty('PlainTextSelection', a);
          return;
        }
        w.open('PlainTextSelection', a);
        if (u.note !== undefined) w.text('Description', u.note);
        for (const g of codesOfUnit) {
          w.open('Coding', [
            ['guid', uuidV5(`coding:${selGuid}:${g}`)],
            ['creatingUser', uuidV5(`user:${options.user ?? 'Condense'}`)],
          ]);
          w.empty('CodeRef', [['targetGUID', g]]);
          w.close();
        }
        w.close();
      });
      w.close();
    }
    w.close();
  }

  if (notes.length) {
    w.open('Notes');
    for (const n of notes) {
      w.open('Note', [
        ['guid', n.guid],
        ['name', n.name],
      ]);
      w.text('PlainTextContent', n.text);
      w.close();
    }
    w.close();
  }
  w.close();
  return {
    qde: w.toString(),
    sources: transcripts.map((t) => ({ path: `sources/${t.guid}.txt`, text: t.stored.text })),
  };
}

/** Speakers and participants as Cases (one per transcript and label), with their attributes as Variables. */
function writeCases(w: XmlWriter, transcripts: ExportTranscript[]): void {
  const keys = new Set<string>();
  const cases: { guid: string; name: string; source: string; values: [string, string][]; selections: string[] }[] = [];
  for (const t of transcripts) {
    const labels = [...Object.keys(t.transcript.participants)];
    for (const turn of t.transcript.turns) if (!labels.includes(turn.speaker)) labels.push(turn.speaker);
    for (const label of labels) {
      const attrs = t.transcript.participants[label] ?? {};
      const values: [string, string][] = [];
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined) continue;
        keys.add(k);
        values.push([k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]);
      }
      values.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const selections = t.transcript.units
        .map((u, k) => (u.speaker === label ? t.selectionGuids[k] : ''))
        .filter((g) => g !== '');
      cases.push({
        guid: uuidV5(`case:${t.guid}:${label}`),
        name: `${label} (${t.name})`,
        source: t.guid,
        values,
        selections,
      });
    }
  }
  const variableGuid = (k: string): string => uuidV5(`variable:${k}`);
  if (keys.size) {
    w.open('Variables');
    for (const k of [...keys].sort())
      w.empty('Variable', [
        ['guid', variableGuid(k)],
        ['name', k],
        ['typeOfVariable', 'Text'],
      ]);
    w.close();
  }
  if (!cases.length) return;
  w.open('Cases');
  for (const c of cases) {
    w.open('Case', [
      ['guid', c.guid],
      ['name', c.name],
    ]);
    for (const [k, v] of c.values) {
      w.open('VariableValue')
        .empty('VariableRef', [['targetGUID', variableGuid(k)]])
        .text('TextValue', v)
        .close();
    }
    w.empty('SourceRef', [['targetGUID', c.source]]);
    for (const s of c.selections) w.empty('SelectionRef', [['targetGUID', s]]);
    w.close();
  }
  w.close();
}

/** Builds the REFI-QDA Codebook (.qdc) of a study: codes with hierarchy, colours and descriptions. Throws when there is no code. */
export function buildRefiCodebook(input: ExportInput, options: RefiOptions = {}): string {
  const { index } = input;
  const guidOf = codeGuids(index);
  if (!index.rootCodes().length)
    throw new Error('the codebook defines no codes, and a REFI-QDA codebook needs at least one');
  const w = new XmlWriter();
  w.open('CodeBook', [
    ['xmlns', CODEBOOK_NS],
    ['origin', options.origin ?? 'Condense'],
  ]).open('Codes');
  const writeCode = (c: IndexedCode): void => {
    const children = c.children.map((k) => index.getCode(k)).filter((k): k is IndexedCode => k !== undefined);
    const attrs: [string, string | boolean | undefined][] = [
      ['guid', guidOf(c.id)],
      ['name', codeName(index, c.id)],
      ['isCodable', true],
      ['color', validColor(c.color)],
    ];
    if (!c.description && !children.length) {
      w.empty('Code', attrs);
      return;
    }
    w.open('Code', attrs);
    if (c.description) w.text('Description', normalizeNewlines(c.description));
    for (const k of children) writeCode(k);
    w.close();
  };
  for (const r of index.rootCodes()) {
    const c = index.getCode(r);
    if (c) writeCode(c);
  }
  w.close().close();
  return w.toString();
}
