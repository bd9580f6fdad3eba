/**
 * Shared helpers of the exchange tests: temporary studies, xmllint (Debian's
 * libxml2-utils) for schema validation, and the checks a schema cannot make (every
 * reference resolves, every selection lies in its source, selects its unit's text).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { loadStudy, type LoadedStudy } from '../../../server/src/node/loadStudy';
import { exportTranscripts } from '../../../server/src/core/export/exportModel';
import { normalizeNewlines, sliceCodePoints, codePointLength } from '../../../server/src/core/export/plainSource';

/** The REFI-QDA material beside the checkout. */
export const SHARED = path.resolve(__dirname, '../../../../shared/refi-qda');
export const ROOT = path.resolve(__dirname, '../../..');
export const SAMPLE = path.join(ROOT, 'sample');

const temps: string[] = [];

/** A temporary folder, removed by {@link cleanTemps}. */
export function tempDir(prefix = 'condense-x-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Writes a study of the given files (text or bytes) into a new temporary folder. */
export function tempStudy(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Removes the temporary folders. */
export function cleanTemps(): void {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** The study as the exports take it. */
export function exportInput(study: LoadedStudy): { index: LoadedStudy['index']; relPath: LoadedStudy['relPath'] } {
  return { index: study.index, relPath: study.relPath };
}

/** Loads a study folder. */
export function load(dir: string): LoadedStudy {
  return loadStudy(dir);
}

/** True when a command runs; in CI (CI=true) a missing one fails the test instead. */
export function requireTool(ctx: Mocha.Context, command: string, pkg: string): boolean {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (!probe.error) return true;
  if (process.env.CI === 'true') throw new Error(`${command} is required in CI (apt-get install ${pkg})`);
  // Skip where the tool (xmllint, pandoc) is not installed; .ci/run installs it.
  ctx.skip();
  return false;
}

/** Validates an XML text against an XSD of the shared folder with xmllint; fails with its messages. */
export function assertSchemaValid(xml: string, xsd: 'Project.xsd' | 'Codebook.xsd'): void {
  const dir = tempDir('condense-xsd-');
  const file = path.join(dir, xsd === 'Project.xsd' ? 'project.qde' : 'codebook.qdc');
  fs.writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', path.join(SHARED, xsd), file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `xmllint: ${r.stderr}`);
}

/** Unzips a .qdpx into entry name to text. */
export function unzipText(bytes: Uint8Array): Map<string, string> {
  const files = unzipSync(bytes);
  return new Map(Object.entries(files).map(([k, v]) => [k, new TextDecoder('utf-8', { fatal: true }).decode(v)]));
}

/** True when the character after code-point offset `end` of `plain` is LF. */
function endsBeforeLf(plain: string, _text: string, end: number): boolean {
  return [...plain][end] === '\n';
}

/** Parses XML with xmldom (tests only: their own or trusted files). */
export function xmlRoot(xml: string): Element {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement as Element;
}

/** Every element below `el` with this local name. */
export function all(el: Element, name: string): Element[] {
  return Array.from(el.getElementsByTagNameNS('*', name)) as Element[];
}

/**
 * What a schema cannot check: every reference resolves to an element of the right kind,
 * every text source's file is in the archive, every selection lies inside its text, and
 * (when `study` is given) the text each selection selects equals its unit's text.
 */
export function assertProjectIntegrity(files: Map<string, string>, study?: LoadedStudy): void {
  const qde = files.get('project.qde');
  assert.ok(qde, 'project.qde is in the archive');
  const root = xmlRoot(qde);
  const guids = (name: string): Set<string> =>
    new Set(all(root, name).map((e) => (e.getAttribute('guid') ?? '').toLowerCase()));
  const codes = guids('Code');
  const notes = guids('Note');
  const sources = guids('TextSource');
  const selections = guids('PlainTextSelection');
  const variables = guids('Variable');
  const allGuids = all(root, '*')
    .map((e) => e.getAttribute('guid'))
    .filter((g): g is string => !!g);
  assert.equal(new Set(allGuids).size, allGuids.length, 'GUIDs are unique');
  const refs: [string, Set<string>][] = [
    ['CodeRef', codes],
    ['NoteRef', notes],
    ['SourceRef', sources],
    ['SelectionRef', selections],
    ['VariableRef', variables],
  ];
  for (const [name, targets] of refs) {
    for (const r of all(root, name))
      assert.ok(
        targets.has((r.getAttribute('targetGUID') ?? '').toLowerCase()),
        `${name} ${r.getAttribute('targetGUID')} resolves`,
      );
  }
  for (const attr of ['creatingUserGUID', 'creatingUser']) {
    const users = guids('User');
    for (const e of all(root, '*'))
      if (e.hasAttribute(attr)) assert.ok(users.has((e.getAttribute(attr) ?? '').toLowerCase()), `${attr} resolves`);
  }
  for (const src of all(root, 'TextSource')) {
    const p = src.getAttribute('plainTextPath') ?? '';
    assert.match(p, /^internal:\/\/[0-9a-f-]{36}\.txt$/, 'plainTextPath is internal://<guid>.txt');
    const text = files.get(`sources/${p.slice('internal://'.length)}`);
    assert.ok(text !== undefined, `the archive holds ${p}`);
    assert.ok(!text.includes('\r'), 'stored texts use LF line ends');
    const length = codePointLength(text);
    for (const sel of all(src, 'PlainTextSelection')) {
      const s = Number(sel.getAttribute('startPosition'));
      const e = Number(sel.getAttribute('endPosition'));
      assert.ok(
        Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= length,
        `selection ${s}-${e} lies inside a text of ${length}`,
      );
    }
  }
  if (study) {
    // Each unit's selection selects exactly the unit's text (after the same CR LF normalisation).
    const byGuid = new Map(all(root, 'TextSource').map((s) => [s.getAttribute('guid') ?? '', s]));
    for (const t of exportTranscripts(exportInput(study))) {
      const src = byGuid.get(t.guid);
      assert.ok(src, `${t.relPath} is a TextSource`);
      const text = files.get(`sources/${t.guid}.txt`) ?? '';
      const sels = all(src, 'PlainTextSelection');
      assert.equal(sels.length, t.transcript.units.length, `${t.relPath}: one selection per unit`);
      t.transcript.units.forEach((u, k) => {
        const sel = sels[k];
        const got = sliceCodePoints(
          text,
          Number(sel.getAttribute('startPosition')),
          Number(sel.getAttribute('endPosition')),
        );
        // A unit that ends between the CR and LF of a line break ends before the LF.
        const expected = normalizeNewlines(
          u.text.endsWith('\r') && endsBeforeLf(t.transcript.plain.text, u.text, u.plainEnd)
            ? u.text.slice(0, -1)
            : u.text,
        );
        assert.equal(got, expected, `selection ${k} of ${t.relPath} selects its unit's text`);
      });
    }
  }
}
