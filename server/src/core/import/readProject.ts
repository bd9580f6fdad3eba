/**
 * Reads a REFI-QDA Project (project.qde) or Codebook (.qdc) document into plain data:
 * codes, text sources with their selections, notes and cases. Nothing is resolved
 * against the archive here; see importProject.ts.
 */
import type { Element } from '@xmldom/xmldom';
import { normalizeGuid } from '../export/uuid';
import { ImportError } from './importError';
import { attr, childElement, childElements, childText, parseXmlSafely } from './xmlRead';

/** A code and its subcodes. */
export interface QdaCode {
  guid: string;
  name: string;
  color?: string;
  description?: string;
  noteRefs: string[];
  children: QdaCode[];
}

/** A plain-text selection with its codings. */
export interface QdaSelection {
  guid: string;
  name?: string;
  start: number;
  end: number;
  /** GUIDs of the codes, in order. */
  codes: string[];
  description?: string;
  noteRefs: string[];
}

/** A source of any kind. */
export interface QdaSource {
  guid: string;
  kind: 'TextSource' | 'PictureSource' | 'PDFSource' | 'AudioSource' | 'VideoSource';
  name?: string;
  description?: string;
  plainTextPath?: string;
  plainTextContent?: string;
  richTextPath?: string;
  path?: string;
  selections: QdaSelection[];
  /** Codings of the whole source (not of a selection). */
  sourceCodings: number;
}

/** A note (memo). */
export interface QdaNote {
  guid: string;
  name?: string;
  plainTextContent?: string;
  plainTextPath?: string;
}

/** A case with its variable values and members. */
export interface QdaCase {
  guid: string;
  name?: string;
  values: [string, string][];
  sourceRefs: string[];
  selectionRefs: string[];
}

/** A Project or a Codebook as data. */
export interface QdaProject {
  kind: 'project' | 'codebook';
  name?: string;
  codes: QdaCode[];
  sources: QdaSource[];
  notes: QdaNote[];
  cases: QdaCase[];
}

const SOURCE_KINDS = ['TextSource', 'PictureSource', 'PDFSource', 'AudioSource', 'VideoSource'] as const;

/** Parses project.qde or a .qdc. Throws ImportError for anything that is not one. */
export function readProject(xml: string, what: string): QdaProject {
  const root = parseXmlSafely(xml, what);
  const kind = root.localName === 'Project' ? 'project' : root.localName === 'CodeBook' ? 'codebook' : null;
  if (!kind)
    throw new ImportError(`${what} is not a REFI-QDA project or codebook (its root element is <${root.localName}>)`);
  const codesEl =
    kind === 'project' ? childElement(childElement(root, 'CodeBook') ?? root, 'Codes') : childElement(root, 'Codes');
  const codes =
    codesEl && (kind === 'codebook' || childElement(root, 'CodeBook'))
      ? childElements(codesEl, 'Code').map((c) => readCode(c, what))
      : [];
  const project: QdaProject = { kind, codes, sources: [], notes: [], cases: [] };
  const name = attr(root, 'name');
  if (name !== undefined) project.name = name;
  if (kind === 'codebook') return project;

  const sourcesEl = childElement(root, 'Sources');
  for (const s of sourcesEl ? childElements(sourcesEl) : []) {
    const k = SOURCE_KINDS.find((x) => x === s.localName);
    if (!k) continue;
    const src: QdaSource = {
      guid: guidOf(s, what),
      kind: k,
      selections: [],
      sourceCodings: childElements(s, 'Coding').length,
    };
    assign(src, 'name', attr(s, 'name'));
    assign(src, 'description', childText(s, 'Description'));
    assign(src, 'plainTextPath', attr(s, 'plainTextPath'));
    assign(src, 'plainTextContent', childText(s, 'PlainTextContent'));
    assign(src, 'richTextPath', attr(s, 'richTextPath'));
    assign(src, 'path', attr(s, 'path'));
    if (k === 'TextSource')
      src.selections = childElements(s, 'PlainTextSelection').map((sel) => readSelection(sel, what));
    project.sources.push(src);
  }
  const notesEl = childElement(root, 'Notes');
  for (const n of notesEl ? childElements(notesEl, 'Note') : []) {
    const note: QdaNote = { guid: guidOf(n, what) };
    assign(note, 'name', attr(n, 'name'));
    assign(note, 'plainTextContent', childText(n, 'PlainTextContent'));
    assign(note, 'plainTextPath', attr(n, 'plainTextPath'));
    project.notes.push(note);
  }
  const variables = new Map<string, string>();
  const varsEl = childElement(root, 'Variables');
  for (const v of varsEl ? childElements(varsEl, 'Variable') : [])
    variables.set(guidOf(v, what), attr(v, 'name') ?? 'variable');
  const casesEl = childElement(root, 'Cases');
  for (const c of casesEl ? childElements(casesEl, 'Case') : []) {
    const kase: QdaCase = {
      guid: guidOf(c, what),
      values: [],
      sourceRefs: childElements(c, 'SourceRef').map((r) => refOf(r)),
      selectionRefs: childElements(c, 'SelectionRef').map((r) => refOf(r)),
    };
    assign(kase, 'name', attr(c, 'name'));
    for (const vv of childElements(c, 'VariableValue')) {
      const ref = childElement(vv, 'VariableRef');
      const valueEl = childElements(vv).find((e) => e.localName !== 'VariableRef');
      const varName = ref ? variables.get(refOf(ref)) : undefined;
      if (varName !== undefined && valueEl) kase.values.push([varName, valueEl.textContent ?? '']);
    }
    project.cases.push(kase);
  }
  return project;
}

/**
 * Codes nest at most this deep. Codebooks nest a handful of levels; the limit keeps a
 * hostile file (10,000 nested `<Code>`) from overflowing the stack here and in every
 * recursive walk of the code tree after it.
 */
export const MAX_CODE_DEPTH = 64;

function readCode(el: Element, what: string, depth = 1): QdaCode {
  if (depth > MAX_CODE_DEPTH)
    throw new ImportError(
      `${what}: codes nest more than ${MAX_CODE_DEPTH} levels deep, which Condense does not import`,
    );
  const code: QdaCode = {
    guid: guidOf(el, what),
    name: attr(el, 'name') ?? '',
    noteRefs: childElements(el, 'NoteRef').map((r) => refOf(r)),
    children: childElements(el, 'Code').map((c) => readCode(c, what, depth + 1)),
  };
  assign(code, 'color', attr(el, 'color'));
  assign(code, 'description', childText(el, 'Description'));
  return code;
}

function readSelection(el: Element, what: string): QdaSelection {
  const start = integer(attr(el, 'startPosition'));
  const end = integer(attr(el, 'endPosition'));
  const name = attr(el, 'name');
  if (start === null || end === null) {
    throw new ImportError(
      `${what}: the selection ${JSON.stringify(name ?? attr(el, 'guid'))} has no valid startPosition and endPosition`,
    );
  }
  const sel: QdaSelection = {
    guid: guidOf(el, what),
    start,
    end,
    codes: childElements(el, 'Coding')
      .map((c) => childElement(c, 'CodeRef'))
      .filter((r): r is Element => r !== undefined)
      .map((r) => refOf(r)),
    noteRefs: childElements(el, 'NoteRef').map((r) => refOf(r)),
  };
  assign(sel, 'name', name);
  assign(sel, 'description', childText(el, 'Description'));
  return sel;
}

function integer(s: string | undefined): number | null {
  if (s === undefined || !/^\s*[+-]?\d{1,15}\s*$/.test(s)) return null;
  return Number(s.trim());
}

function guidOf(el: Element, what: string): string {
  const g = normalizeGuid(attr(el, 'guid'));
  if (!g) throw new ImportError(`${what}: a <${el.localName}> has no valid guid attribute`);
  return g;
}

function refOf(el: Element): string {
  return normalizeGuid(attr(el, 'targetGUID')) ?? '';
}

function assign<T, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) obj[key] = value;
}
