/**
 * Fixtures and helpers for the LSP-level tests: small studies in memory (or, for the
 * tests of the disk layer, in temporary folders), a copy of sample/, and the client-side work an editor does with
 * the server's answers (applying text edits and workspace edits, decoding semantic
 * tokens, sending incremental changes).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  Position,
  Range,
  SemanticTokensEdit,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { StudyFileSystem } from '../../../server/src/core/fileSystem';
import { MemoryFileSystem } from '../../../server/src/core/memoryFileSystem';
import { diskFileSystem } from '../../../server/src/node/diskFileSystem';
import { pathToUri } from '../../../server/src/node/loadStudy';
import type { ThemeNode, ThemeTreeResult } from '../../../common/protocol';
import { applyEdits, offsetOf } from '../features/util';
import { startSession } from './harness';
import type { TestSession } from './harness';

/** condense.json of the fixture study. */
export const CONFIG = '{"codebook": "codebook.md", "transcripts": ["transcripts/**/*.md"]}\n';

/** The fixture codebook: 2 themes, 3 subthemes, sections, a found and a missing quote. */
export const CODEBOOK = [
  '# Shift {#shift color="#4e79a7"}', // 0
  '', // 1
  'About the shift.', // 2
  '', // 3
  '## Facilitate {#facilitate}', // 4
  '', // 5
  'How managers prepare.', // 6
  '', // 7
  '### Condensate', // 8
  '', // 9
  'We prepared for a year.', // 10
  '', // 11
  '### Quotes', // 12
  '', // 13
  '> We worked for a year (T1, P1)', // 14
  '', // 15
  '> We worked for two long years before hiring (T2, P2)', // 16
  '', // 17
  '## Benefits {#benefits}', // 18
  '', // 19
  'What peer workers bring.', // 20
  '', // 21
  '### Quotes', // 22
  '', // 23
  '> Emoji first \u2014 T2, P1', // 24
  '', // 25
  '# Valued {#valued color="#e15759"}', // 26
  '', // 27
  'Feeling valued.', // 28
  '', // 29
  '## Unused {#unused}', // 30
  '', // 31
  'Nobody codes this.', // 32
  '',
].join('\n');

/** Transcript 1 (LF): front matter, spans, a nested unit, a div with an emoji, uncoded and unknown codes. */
export const T1 = [
  '---', // 0
  'title: Transcript one', // 1
  '---', // 2
  '', // 3
  '**P1:** Well, [we worked for a year]{#mu-1 .facilitate} before hiring.', // 4
  '', // 5
  '**P2:** [They bring [new knowledge]{.benefits} to the team]{.shift}.', // 6
  '', // 7
  '::: {.valued}', // 8
  '**P1:** I feel valued 😀 here.', // 9
  '', // 10
  'Really.', // 11
  ':::', // 12
  '', // 13
  '**P2:** [Not sorted yet]{} and [a typo]{.benfits}.', // 14
  '',
].join('\n');

/** Transcript 2 (CR LF): an emoji before a unit, a memo, a unit over two lines with two codes. */
export const T2 = [
  '**P1:** 😀 [Emoji first]{.benefits note="smile"}', // 0
  '', // 1
  '**P3:** [Across', // 2
  'two lines]{.facilitate .benefits}', // 3
  '',
].join('\r\n');

/** The fixture study's files by path. */
export const FIXTURE: Record<string, string> = {
  'condense.json': CONFIG,
  'codebook.md': CODEBOOK,
  'transcripts/t1.md': T1,
  'transcripts/t2.md': T2,
};

/** A study in memory or in a temporary folder. */
export interface TempStudy {
  root: string;
  /** The file system that holds it, for the server. */
  files: StudyFileSystem;
  abs(rel: string): string;
  uri(rel: string): string;
  write(rel: string, content: string | Uint8Array): void;
  read(rel: string): string;
  remove(rel: string): void;
  cleanup(): void;
}

let memoryStudies = 0;

/** Writes `files` (path → content) to a new study folder in memory. */
export function makeStudy(files: Record<string, string | Uint8Array> = FIXTURE, prefix = 'condense-lsp-'): TempStudy {
  const memory = new MemoryFileSystem();
  const root = `/memory/${prefix}${++memoryStudies}`;
  const abs = (rel: string): string => path.posix.join(root, ...rel.split('/'));
  const study: TempStudy = {
    root,
    files: memory,
    abs,
    uri: (rel) => pathToUri(abs(rel)),
    write: (rel, content) => memory.write(abs(rel), content),
    read: (rel) => {
      const text = memory.read(abs(rel));
      assert.ok(text !== undefined, `${rel} is not in the study`);
      return text;
    },
    remove: (rel) => memory.remove(abs(rel)),
    cleanup: () => memory.remove(root),
  };
  for (const [rel, content] of Object.entries(files)) study.write(rel, content);
  return study;
}

/** Writes `files` (path → content) to a new temporary folder, for the tests of the disk layer. */
export function makeDiskStudy(
  files: Record<string, string | Uint8Array> = FIXTURE,
  prefix = 'condense-lsp-',
): TempStudy {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const abs = (rel: string): string => path.join(root, ...rel.split('/'));
  const study: TempStudy = {
    root,
    files: diskFileSystem,
    abs,
    uri: (rel) => pathToUri(abs(rel)),
    write: (rel, content) => {
      fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
      fs.writeFileSync(abs(rel), content);
    },
    read: (rel) => fs.readFileSync(abs(rel), 'utf8'),
    remove: (rel) => fs.rmSync(abs(rel), { force: true, recursive: true }),
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
  for (const [rel, content] of Object.entries(files)) study.write(rel, content);
  return study;
}

/** A copy of the sample study, in memory. */
export function copySample(): TempStudy {
  const src = path.resolve(__dirname, '../../../sample');
  const files: Record<string, string> = {};
  const walk = (dir: string, rel: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else files[r] = fs.readFileSync(path.join(dir, e.name), 'utf8');
    }
  };
  walk(src, '');
  return makeStudy(files, 'condense-sample-');
}

// R, P and offsetOf are shared with the feature tests.
export { applyEdits, offsetOf, P, R } from '../features/util';

/** The position of a UTF-16 offset (the inverse of {@link offsetOf}). */
export function positionOf(text: string, offset: number): Position {
  let line = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0 || nl >= offset) break;
    line++;
    start = nl + 1;
  }
  return { line, character: offset - start };
}

/** The text a range covers. */
export function textOf(text: string, r: Range): string {
  return text.slice(offsetOf(text, r.start), offsetOf(text, r.end));
}

/** The text edits of a WorkspaceEdit by URI, with the versions `documentChanges` named. */
export function editsByUri(edit: WorkspaceEdit): {
  edits: Map<string, TextEdit[]>;
  versions: Map<string, number | null>;
} {
  const edits = new Map<string, TextEdit[]>();
  const versions = new Map<string, number | null>();
  for (const [uri, list] of Object.entries(edit.changes ?? {})) edits.set(uri, [...list]);
  for (const dc of edit.documentChanges ?? []) {
    assert.ok('textDocument' in dc, 'only text document edits are expected');
    versions.set(dc.textDocument.uri, dc.textDocument.version);
    edits.set(dc.textDocument.uri, [...(edits.get(dc.textDocument.uri) ?? []), ...(dc.edits as TextEdit[])]);
  }
  return { edits, versions };
}

/** Applies a WorkspaceEdit to texts by URI; returns the new texts of the edited documents. */
export function applyWorkspaceEdit(edit: WorkspaceEdit, texts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [uri, list] of editsByUri(edit).edits) {
    assert.ok(uri in texts, `edit of an unexpected document ${uri}`);
    out[uri] = applyEdits(texts[uri], list);
  }
  return out;
}

/** A decoded semantic token. */
export interface DecodedToken {
  line: number;
  character: number;
  length: number;
  type: string;
  modifiers: string[];
}

/** Decodes LSP's relative token integers with a legend. */
export function decodeTokens(
  data: readonly number[],
  legend: { tokenTypes: string[]; tokenModifiers: string[] },
): DecodedToken[] {
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let k = 0; k + 4 < data.length; k += 5) {
    line += data[k];
    character = data[k] === 0 ? character + data[k + 1] : data[k + 1];
    const modifiers = legend.tokenModifiers.filter((_, bit) => (data[k + 4] & (1 << bit)) !== 0);
    out.push({ line, character, length: data[k + 2], type: legend.tokenTypes[data[k + 3]], modifiers });
  }
  return out;
}

/** Applies semantic token edits to the previous data (edits sorted, relative to the old data). */
export function applyTokenEdits(previous: readonly number[], edits: readonly SemanticTokensEdit[]): number[] {
  let out = [...previous];
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = [...out.slice(0, e.start), ...(e.data ?? []), ...out.slice(e.start + e.deleteCount)];
  }
  return out;
}

/** An open document on the client side: it sends didOpen and incremental didChange. */
export class OpenDocument {
  version = 1;

  constructor(
    readonly session: TestSession,
    readonly uri: string,
    public text: string,
  ) {}

  /** Sends didOpen with the current text. */
  async open(): Promise<this> {
    await this.session.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: 'markdown', version: this.version, text: this.text },
    });
    return this;
  }

  /** Replaces [start, end) (offsets) with `newText`, sent as one incremental change. */
  async replace(start: number, end: number, newText: string): Promise<void> {
    const change: TextDocumentContentChangeEvent = {
      range: { start: positionOf(this.text, start), end: positionOf(this.text, end) },
      text: newText,
    };
    this.text = this.text.slice(0, start) + newText + this.text.slice(end);
    this.version++;
    await this.session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [change],
    });
  }

  /** Replaces the first occurrence of `find` with `newText`. */
  async edit(find: string, newText: string): Promise<void> {
    const at = this.text.indexOf(find);
    assert.ok(at >= 0, `${JSON.stringify(find)} is not in the document`);
    await this.replace(at, at + find.length, newText);
  }

  /** Sends didClose. */
  async close(): Promise<void> {
    await this.session.client.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri } });
  }
}

/** Diagnostics reduced to code, severity and range, in the order published. */
export function brief(
  ds: readonly { code?: string | number; severity?: number; range: Range }[] | undefined,
): { code: string; severity: number; range: Range }[] {
  return (ds ?? []).map((d) => ({ code: String(d.code), severity: d.severity ?? 0, range: d.range }));
}

/** The diagnostic codes published for a URI. */
export function codesAt(session: TestSession, uri: string): string[] {
  return (session.diagnostics.get(uri) ?? []).map((d) => String(d.code));
}

/** Waits until the diagnostics published for `uri` have exactly these codes, in order. */
export async function untilCodes(session: TestSession, uri: string, codes: string[], ms = 5000): Promise<void> {
  try {
    await session.until(() => session.diagnostics.has(uri) && codesAt(session, uri).join() === codes.join(), ms);
  } catch {
    assert.deepEqual(codesAt(session, uri), codes, `diagnostics of ${uri}`);
  }
}

/** Polls `get` until `ok` holds of its value (or `ms` pass); returns the last value. */
export async function eventually<T>(get: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await get();
    if (ok(value) || Date.now() - start > ms) return value;
    await sleep(20);
  }
}

/** The ids of the code tree (depth first) and their unit counts, from condense/themeTree. */
export async function themeCounts(
  session: TestSession,
  params: { uri?: string; transcript?: string } = {},
): Promise<[string, number][]> {
  const tree: ThemeTreeResult = await session.client.sendRequest('condense/themeTree', params);
  const out: [string, number][] = [];
  const walk = (nodes: ThemeNode[]): void => {
    for (const n of nodes) {
      out.push([n.id, n.units]);
      walk(n.children);
    }
  };
  for (const s of tree.studies) walk(s.themes);
  return out;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A server started on a fresh fixture study, with the URIs the tests use most. */
export interface FixtureSession {
  study: TempStudy;
  session: TestSession;
  t1: string;
  t2: string;
  cb: string;
  dispose(): void;
}

/** Writes the fixture study to memory and starts a server on it. */
export async function startFixture(): Promise<FixtureSession> {
  const study = makeStudy();
  const session = await startSession(study);
  return {
    study,
    session,
    t1: study.uri('transcripts/t1.md'),
    t2: study.uri('transcripts/t2.md'),
    cb: study.uri('codebook.md'),
    dispose: () => {
      session.dispose();
      study.cleanup();
    },
  };
}
