/**
 * `condense import`: a REFI-QDA project (.qdpx, or a bare .qde/.qdc) as the files of a
 * new Condense study: condense.json, codebook.md, one transcript per text source, and
 * the project's other notes. Pure: returns the files' contents, writes nothing, and
 * throws ImportError (one line) for anything damaged or hostile, before any file exists.
 */
import type * as Yaml from 'yaml';
import { validColor } from '../export/exportModel';
import { DEFAULT_LIMITS, unpackQdpx, isSafeEntryName, type ArchiveLimits } from '../export/qdpxArchive';
import { GOLDEN_QUOTES_CODE } from '../export/refiQda';
import { codePointLength } from '../export/plainSource';
import { guardHeadings, writeCodebook, type CodebookEntry } from './codebookWriter';
import { MAX_IMPORT_SOURCE } from '../limits';
import { ImportError } from './importError';
import { FileNamer, IdMaker, isIdentifier } from './names';
import { readProject, type QdaCode, type QdaProject, type QdaSource } from './readProject';
import { writeTranscript, type UnitSpec } from './transcriptWriter';

/** The front matter of an imported transcript as YAML, with the yaml package loaded only by an import. */
function toYaml(value: Record<string, unknown>): string {
  // require, not import: an import would load it at every start-up (see docs/performance.md).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('yaml') as typeof Yaml).stringify(value, { lineWidth: 0 });
}

/** A selection that was cut to fit Markdown, reported to the user. */
export interface ImportSplit {
  /** The transcript file written. */
  file: string;
  /** The selection's name or GUID. */
  selection: string;
  reason: 'crossing' | 'paragraphs';
  /** The pieces, as code-point offsets into the source text. */
  pieces: [number, number][];
}

/** What an import produces. */
export interface ImportResult {
  /** Relative path (with `/`) to file text. */
  files: Map<string, string>;
  splits: ImportSplit[];
  /** One line each: what was skipped or changed, and why. */
  messages: string[];
  counts: { codes: number; transcripts: number; units: number };
}

/** Options of an import. */
export interface ImportOptions {
  /** The file's name, for messages (default "the project"). */
  fileName?: string;
  limits?: ArchiveLimits;
}

const DECODER = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array, what: string): string {
  try {
    return DECODER.decode(bytes);
  } catch {
    throw new ImportError(`${what} is not UTF-8 text`);
  }
}

/** The one-line refusal of a text above MAX_IMPORT_SOURCE. */
function tooLarge(what: string, units: number): ImportError {
  return new ImportError(
    `${what} has ${(units / 1048576).toFixed(1)} M characters, more than the ${MAX_IMPORT_SOURCE / 1048576} M Condense imports from one source (split it into several sources first)`,
  );
}

function checkSize(text: string, what: string): string {
  if (text.length > MAX_IMPORT_SOURCE) throw tooLarge(what, text.length);
  return text;
}

/** Imports a .qdpx (or a bare project.qde or .qdc). Throws ImportError. */
export function importRefiQda(bytes: Uint8Array, options: ImportOptions = {}): ImportResult {
  const fileName = options.fileName ?? 'the project';
  const limits = options.limits ?? DEFAULT_LIMITS;
  let project: QdaProject;
  let readEntries: (paths: Set<string>) => Map<string, Uint8Array> = () => new Map();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const qdeNames: string[] = [];
    const first = unpackQdpx(
      bytes,
      (n) => {
        if (!n.includes('/') && n.toLowerCase().endsWith('.qde')) {
          qdeNames.push(n);
          return true;
        }
        return false;
      },
      limits,
    );
    if (!first.size) throw new ImportError('the archive holds no project.qde: it is not a REFI-QDA project');
    const name = first.has('project.qde') ? 'project.qde' : [...first.keys()].sort()[0];
    project = readProject(decode(first.get(name) as Uint8Array, name), name);
    // A text source above the import limit is refused from its declared size, before it is unpacked.
    readEntries = (paths) =>
      unpackQdpx(bytes, (n) => paths.has(n), {
        ...limits,
        maxEntrySize: Math.min(limits.maxEntrySize ?? Infinity, 3 * MAX_IMPORT_SOURCE),
      });
  } else {
    let i = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    while (i < bytes.length && (bytes[i] === 32 || bytes[i] === 9 || bytes[i] === 10 || bytes[i] === 13)) i++;
    if (bytes[i] !== 0x3c) throw new ImportError('neither a .qdpx archive nor a REFI-QDA XML file');
    if (bytes.length > limits.maxTotalSize)
      throw new ImportError(`the file is larger than ${Math.round(limits.maxTotalSize / 1048576)} MB`);
    project = readProject(decode(bytes, 'the file').replace(/^\ufeff/, ''), 'the file');
  }
  return buildStudy(project, readEntries, fileName);
}

/** Where a plainTextPath points inside the archive (REFI-QDA keeps internal files in sources/). */
function archivePath(p: string): string | null {
  let rest = p.trim();
  const m = /^([a-z]+):\/\/\/?(.*)$/i.exec(rest);
  if (m) rest = m[1].toLowerCase() === 'internal' ? m[2] : (m[2].split(/[\\/]/).pop() ?? '');
  else rest = rest.split(/[\\/]/).pop() ?? '';
  const path = `sources/${rest}`;
  return rest && isSafeEntryName(path) && !rest.includes('/') ? path : null;
}

function buildStudy(
  project: QdaProject,
  readEntries: (paths: Set<string>) => Map<string, Uint8Array>,
  fileName: string,
): ImportResult {
  const messages: string[] = [];
  const files = new Map<string, string>();
  const splits: ImportSplit[] = [];

  // Which archive files are needed: the texts of text sources and of notes.
  const needed = new Set<string>();
  const textPath = (s: { plainTextPath?: string; plainTextContent?: string }): string | null =>
    s.plainTextContent === undefined && s.plainTextPath ? archivePath(s.plainTextPath) : null;
  for (const s of project.sources)
    if (s.kind === 'TextSource') {
      const p = textPath(s);
      if (p) needed.add(p);
    }
  for (const n of project.notes) {
    const p = textPath(n);
    if (p) needed.add(p);
  }
  const entries = needed.size ? readEntries(needed) : new Map<string, Uint8Array>();
  const textOf = (s: { plainTextPath?: string; plainTextContent?: string }, what: string): string | null => {
    if (s.plainTextContent !== undefined) return checkSize(s.plainTextContent, what);
    const p = textPath(s);
    const bytes = p ? entries.get(p) : undefined;
    if (!bytes) return null;
    // UTF-8 takes at least one byte per UTF-16 unit of the text, at most three: a file of
    // more than three times the limit cannot fit, one within the limit always does.
    if (bytes.length > 3 * MAX_IMPORT_SOURCE) throw tooLarge(what, bytes.length / 3);
    return checkSize(decode(bytes, what).replace(/^\ufeff/, ''), what);
  };

  // Notes by GUID (their text read once).
  const notes = new Map<string, { name: string; text: string | null; used: boolean }>();
  for (const n of project.notes)
    notes.set(n.guid, { name: n.name ?? 'Note', text: textOf(n, `the note "${n.name ?? n.guid}"`), used: false });

  // Codes.
  const ids = new IdMaker();
  const idOf = new Map<string, string>();
  const golden = new Set<string>();
  let codeCount = 0;
  const entry = (c: QdaCode, depth: number): CodebookEntry[] => {
    if (depth === 0 && c.name === GOLDEN_QUOTES_CODE) {
      golden.add(c.guid);
      return [];
    }
    if (idOf.has(c.guid)) {
      messages.push(`The code "${c.name}" appears twice with the same GUID; the second is left out.`);
      return [];
    }
    const e: CodebookEntry = { id: ids.make(c.name), name: c.name, guid: c.guid, sections: [], children: [] };
    codeCount++;
    idOf.set(c.guid, e.id);
    const color = validColor(c.color);
    if (color) e.color = color;
    if (c.description?.trim()) e.description = c.description;
    for (const ref of c.noteRefs) {
      const n = notes.get(ref);
      if (!n) continue;
      n.used = true;
      const suffix = ` (${c.name})`;
      const title = n.name.endsWith(suffix) && n.name.length > suffix.length ? n.name.slice(0, -suffix.length) : n.name;
      e.sections.push({ title, body: n.text ?? '' });
    }
    if (depth >= 5 && e.sections.length)
      messages.push(
        `The code "${c.name}" is nested too deep for its notes to be sections (Markdown has six heading levels); they are left out.`,
      );
    for (const k of c.children) {
      const kids = entry(k, depth + 1);
      if (depth + 1 >= 6) {
        if (kids.length)
          messages.push(
            `The code "${k.name}" is nested deeper than six levels; it is placed beside its parent "${c.name}".`,
          );
      }
      e.children.push(...kids);
    }
    return [e];
  };
  const codebook = project.codes.flatMap((c) => entry(c, 0));
  files.set('codebook.md', writeCodebook(codebook, fileName));

  // Participants per source, from cases.
  const sourceOfSelection = new Map<string, string>();
  for (const s of project.sources) for (const sel of s.selections) sourceOfSelection.set(sel.guid, s.guid);
  const nameOfSource = new Map(project.sources.map((s) => [s.guid, sourceName(s)]));
  const participants = new Map<string, Record<string, Record<string, string>>>();
  for (const k of project.cases) {
    const sources = new Set(
      [...k.sourceRefs, ...k.selectionRefs.map((r) => sourceOfSelection.get(r) ?? '')].filter(
        (g) => g && nameOfSource.has(g),
      ),
    );
    for (const g of sources) {
      const suffix = ` (${nameOfSource.get(g)})`;
      const raw = (k.name ?? 'Case').replace(/\s+/g, ' ').trim();
      const label = raw.endsWith(suffix) && raw.length > suffix.length ? raw.slice(0, -suffix.length) : raw;
      const attrs: Record<string, string> = {};
      for (const [name, value] of k.values) attrs[name] = value.replace(/\s+/g, ' ').trim();
      const map = participants.get(g) ?? {};
      map[label] = { ...(map[label] ?? {}), ...attrs };
      participants.set(g, map);
    }
  }

  // Transcripts.
  const namer = new FileNamer();
  let transcripts = 0;
  let unitCount = 0;
  let unknownRefs = 0;
  const skipped: string[] = [];
  for (const s of project.sources) {
    const name = sourceName(s);
    if (s.kind !== 'TextSource') {
      skipped.push(`"${name}" (${s.kind.replace('Source', '').toLowerCase()})`);
      continue;
    }
    const text = textOf(s, `the text of "${name}"`);
    if (text === null) {
      skipped.push(`"${name}" (its text is not in the archive${s.richTextPath ? '; only a rich-text file is' : ''})`);
      continue;
    }
    const file = `transcripts/${namer.make(name)}.md`;
    const length = codePointLength(text);
    const usedIds = new Set<string>();
    const units: UnitSpec[] = [];
    for (const sel of s.selections) {
      const label = sel.name ?? sel.guid;
      if (sel.start < 0 || sel.end < sel.start || sel.end > length) {
        throw new ImportError(
          `the selection "${label}" of "${name}" lies outside its text (${sel.start} to ${sel.end}, the text has ${length} characters)`,
        );
      }
      const codes: string[] = [];
      for (const g of sel.codes) {
        if (golden.has(g)) continue;
        const id = idOf.get(g);
        if (id === undefined) unknownRefs++;
        else if (!codes.includes(id)) codes.push(id);
      }
      const memo = [
        sel.description,
        ...sel.noteRefs.map((r) => {
          const n = notes.get(r);
          if (n) n.used = true;
          return n?.text ?? undefined;
        }),
      ].filter((x): x is string => !!x && !!x.trim());
      const u: UnitSpec = { start: sel.start, end: sel.end, codes, label };
      if (sel.name !== undefined && isIdentifier(sel.name) && !usedIds.has(sel.name)) {
        u.id = sel.name;
        usedIds.add(sel.name);
      }
      if (memo.length) u.note = memo.join(' / ');
      units.push(u);
    }
    const fm: Record<string, unknown> = {};
    if (s.description?.trim()) fm.title = s.description.replace(/\s+/g, ' ').trim();
    fm.guid = s.guid;
    const who = participants.get(s.guid);
    if (who && Object.keys(who).length) fm.participants = who;
    let written;
    try {
      written = writeTranscript(text, units, `---\n${toYaml(fm)}---\n`);
    } catch (e) {
      throw new ImportError(`"${name}": ${(e as Error).message}`);
    }
    for (const sp of written.splits) splits.push({ file, selection: sp.label, reason: sp.reason, pieces: sp.pieces });
    if (s.sourceCodings)
      messages.push(
        `"${name}": ${s.sourceCodings} coding(s) of the whole source are not imported (Condense codes meaning units, not whole files).`,
      );
    files.set(file, written.markdown);
    transcripts++;
    unitCount += units.length;
  }
  if (skipped.length)
    messages.push(`Skipped ${skipped.length} source(s) that are not plain text: ${skipped.join(', ')}.`);
  if (unknownRefs)
    messages.push(`${unknownRefs} coding(s) refer to codes that the project does not define; they are left out.`);

  // Notes no code or selection took: kept as files.
  const noteNamer = new FileNamer();
  for (const [, n] of notes) {
    if (n.used || n.text === null || !n.text.trim()) continue;
    files.set(
      `notes/${noteNamer.make(n.name)}.md`,
      `# ${n.name.replace(/\s+/g, ' ').trim()}\n\n${guardHeadings(n.text.trim())}\n`,
    );
  }
  files.set(
    'condense.json',
    `${JSON.stringify({ codebook: 'codebook.md', transcripts: ['transcripts/**/*.md'] }, null, 2)}\n`,
  );
  for (const sp of splits) {
    if (!sp.pieces.length) {
      messages.push(
        `${sp.file}: the selection "${sp.selection}" holds only blank lines, which no Markdown unit can hold; it is left out.`,
      );
      continue;
    }
    messages.push(
      `${sp.file}: the selection "${sp.selection}" was split into ${sp.pieces.length} units (${sp.reason === 'crossing' ? 'it crosses another selection' : 'it spans paragraphs that Markdown cannot hold in one unit'}): ${sp.pieces.map(([a, b]) => `${a}-${b}`).join(', ')}.`,
    );
  }
  return { files, splits, messages, counts: { codes: codeCount, transcripts, units: unitCount } };
}

/** A source's display name: its name, else its file name without extension, else its GUID. */
function sourceName(s: QdaSource): string {
  if (s.name?.trim()) return s.name.trim();
  const p = s.plainTextPath ?? s.path ?? s.richTextPath;
  if (p) {
    const base = (p.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
    if (base && !/^[0-9a-f-]{36}$/i.test(base)) return base;
  }
  return s.guid;
}
