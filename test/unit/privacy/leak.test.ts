/**
 * Never leaked: the content of the identifiers file appears in no output, export or log
 * of any command. Every command runs on a generated study, and everything it prints or
 * writes is searched for the file's lines and its names:
 * - no output ever holds a line of the file that pairs a name with its pseudonym, or a
 *   listed name the study does not hold;
 * - outputs that do not reproduce the study's text (check, report, pseudonymize's counts,
 *   error messages, the server's log and diagnostics) hold no listed name at all;
 * - after pseudonymize, nothing any command prints or exports holds a listed name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { parseIdentifiersFile } from '../../../server/src/core/identifiers/identifiersFile';
import { diskFileSystem } from '../../../server/src/node/diskFileSystem';
import { startSession } from '../lsp/harness';
import { ABSENT_NAMES, IDENTIFIERS, removePrivacyStudy, writePrivacyStudy, type PrivacyStudy } from './study';
import { cli, type Result } from './support';

const NAMES = parseIdentifiersFile(IDENTIFIERS).entries.map((e) => e.name);
/** The lines that pair a name with its pseudonym: the key to the pseudonymisation, never to be printed. (A bare name is checked as a name.) */
const LINES = IDENTIFIERS.split('\n').filter((l) => l.includes('=>'));

/** The names found in `text`, as whole words (so the decoy "Karin" is not "Kari"), any case, any whitespace between words. */
function namesIn(text: string, names: readonly string[]): string[] {
  const flat = text.normalize('NFC');
  return names.filter((n) => {
    const body = n
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+');
    return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu').test(flat);
  });
}

function printed(r: Result): string {
  return [...r.out, ...r.err, r.raw].join('\n');
}

/** Every file in a folder (a .qdpx unzipped), as text. */
function exportedText(file: string): string {
  const bytes = fs.readFileSync(file);
  if (!file.endsWith('.qdpx')) return bytes.toString('utf8');
  return Object.values(unzipSync(bytes))
    .map((b) => Buffer.from(b).toString('utf8'))
    .join('\n');
}

describe('privacy: the identifiers file is never leaked', function () {
  let s: PrivacyStudy;
  beforeEach(() => (s = writePrivacyStudy()));
  afterEach(() => removePrivacyStudy(s));

  const outDir = (): string => path.dirname(s.root);

  /** Runs every command; returns [what it printed or wrote, whether that reproduces study text]. */
  function everyCommand(): { what: string; text: string; reproducesStudy: boolean }[] {
    const runs: { what: string; text: string; reproducesStudy: boolean }[] = [];
    const add = (what: string, r: Result, reproducesStudy: boolean): void =>
      void runs.push({ what, text: printed(r), reproducesStudy });
    add('check', cli('check', s.root), false);
    add('check --json', cli('check', s.root, '--json'), false);
    add('report', cli('report', s.root), false);
    add('report --json', cli('report', s.root, '--json'), false);
    add('index --json', cli('index', s.root, '--json'), true);
    add('--help', cli('--help'), false);
    add('bad usage', cli('export', '--format', 'nope', s.root), false);
    for (const format of ['results', 'csv', 'qdc', 'qdpx']) {
      const file = path.join(outDir(), `out.${format}`);
      add(`export ${format} (refused)`, cli('export', '--format', format, '--out', file, s.root), false);
      const allowed = cli('export', '--format', format, '--out', file, '--allow-identifying-text', s.root);
      add(`export ${format} --allow-identifying-text`, allowed, false);
      if (fs.existsSync(file)) {
        runs.push({ what: `export ${format} file`, text: exportedText(file), reproducesStudy: true });
        fs.rmSync(file);
      }
    }
    add('pseudonymize --dry-run (counts)', { ...cli('pseudonymize', '--dry-run', s.root), raw: '' }, false);
    add('pseudonymize --dry-run (diff)', cli('pseudonymize', '--dry-run', s.root), true);
    return runs;
  }

  it('appears in no output of any command, before and after pseudonymize', function () {
    const before = everyCommand();
    for (const r of before) {
      assert.deepEqual(
        LINES.filter((l) => r.text.includes(l)),
        [],
        `${r.what}: a line of the identifiers file`,
      );
      assert.deepEqual(namesIn(r.text, ABSENT_NAMES), [], `${r.what}: a listed name the study does not hold`);
      if (!r.reproducesStudy) assert.deepEqual(namesIn(r.text, NAMES), [], `${r.what}: a listed name`);
    }
    const p = cli('pseudonymize', s.root);
    assert.equal(p.code, 0);
    assert.deepEqual(namesIn(printed(p), NAMES), [], 'pseudonymize output');
    // The study's web addresses (kari-nordmann.no) stay by design: they are not searched.
    const withoutAddresses = (t: string): string => t.replace(/https?:\/\/[^\s<"]+|[\w.-]+\.(?:no|org)\b/g, ' ');
    for (const r of everyCommand())
      assert.deepEqual(namesIn(withoutAddresses(r.text), NAMES), [], `after pseudonymize, ${r.what}`);
    // The exports now run without --allow-identifying-text.
    assert.equal(cli('export', '--format', 'csv', s.root).code, 0);
  });

  it('appears in nothing the language server sends', async function () {
    const session = await startSession({ root: s.root, files: diskFileSystem });
    try {
      const fg1 = session.uri('transcripts/fg1.md');
      await session.until(() => (session.diagnostics.get(fg1) ?? []).length > 0);
      const sent = JSON.stringify({ logs: session.logs, diagnostics: [...session.diagnostics.values()] });
      assert.deepEqual(namesIn(sent, NAMES), []);
      assert.deepEqual(
        LINES.filter((l) => sent.includes(l)),
        [],
      );
    } finally {
      session.dispose();
    }
  });

  it('the search itself finds names: a check of the test', function () {
    assert.deepEqual(namesIn(`x ${s.before['transcripts/fg1.md']}`, ['Kari Nordmann', 'Per Gynt', 'Åse']), [
      'Kari Nordmann',
      'Per Gynt',
      'Åse',
    ]);
    assert.deepEqual(namesIn(IDENTIFIERS, ABSENT_NAMES), ABSENT_NAMES);
  });
});
