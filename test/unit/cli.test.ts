/**
 * The condense CLI: `run(argv, out, err)` on the sample study and on small temporary
 * studies, and the built bin/condense.js spawned once.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBuilt } from './support/build';
import { runCli } from './support/cli';

const ROOT = path.resolve(__dirname, '../..');
/** The sample as the brief runs it: `sample`, relative to the repository root (mocha's cwd). */
const SAMPLE = path.relative(process.cwd(), path.join(ROOT, 'sample')) || '.';

interface Result {
  code: number;
  out: string[];
  err: string[];
}

function cli(...argv: string[]): Result {
  const { code, out, err } = runCli(...argv);
  return { code, out, err };
}

/** Exactly one line on err, with no stack trace. */
function assertOneLine(err: string[]): void {
  assert.equal(err.length, 1, `one message on err: ${JSON.stringify(err)}`);
  assert.doesNotMatch(err[0], /\n|\s+at\s+\S+\s*\(/);
  assert.match(err[0], /^condense: /);
}

const temps: string[] = [];
function tempStudy(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-test-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const isRange = (r: unknown): boolean => {
  const x = r as { start: { line: unknown; character: unknown }; end: { line: unknown; character: unknown } };
  return [x?.start?.line, x?.start?.character, x?.end?.line, x?.end?.character].every(
    (n) => Number.isInteger(n) && (n as number) >= 0,
  );
};

function keysOk(obj: object, required: string[], optional: string[], what: string): void {
  const keys = Object.keys(obj);
  for (const k of required) assert.ok(keys.includes(k), `${what} has ${k}`);
  for (const k of keys) assert.ok(required.includes(k) || optional.includes(k), `${what} has no unexpected key ${k}`);
}

interface IndexJson {
  codes: {
    id: string;
    title: string;
    parent: string | null;
    depth: number;
    file: string;
    units: number;
    directUnits: number;
    transcripts: number;
    speakers: number;
  }[];
  units: { file: string; range: { start: { line: number; character: number } }; codes: string[] }[];
  diagnostics: { file: string; severity: string }[];
}

describe('condense CLI', function () {
  after(function () {
    for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('on the sample study', function () {
    let index: IndexJson;
    before(function () {
      const r = cli('index', SAMPLE, '--json');
      assert.equal(r.code, 0);
      index = JSON.parse(r.out.join('\n')) as IndexJson;
    });

    it('check exits 0 and prints only file:line:col lines', function () {
      const r = cli('check', SAMPLE);
      assert.equal(r.code, 0);
      for (const line of r.out) assert.match(line, /^[\w./-]+\.md:\d+:\d+: (warning|information|hint) [a-z-]+: .+$/);
      assert.deepEqual(r.err, [
        `${index.units.length} units in 4 transcripts, ${index.codes.length} codes: 0 errors, 0 warnings.`,
      ]);
    });

    it('index --json has exactly the documented shape', function () {
      keysOk(index, ['codes', 'units', 'diagnostics'], [], 'the model');
      assert.equal(index.codes.length, 9);
      for (const c of index.codes) {
        // Documented: id, title, parent, depth, file, range, color?, units, directUnits.
        // Also written (and so part of the contract): transcripts, speakers, description.
        keysOk(
          c,
          [
            'id',
            'title',
            'parent',
            'depth',
            'file',
            'range',
            'units',
            'directUnits',
            'transcripts',
            'speakers',
            'description',
          ],
          ['color'],
          `code ${c.id}`,
        );
        const x = c as unknown as Record<string, unknown>;
        assert.equal(typeof c.id, 'string');
        assert.equal(typeof c.title, 'string');
        assert.ok(c.parent === null || typeof c.parent === 'string');
        assert.ok(Number.isInteger(c.depth));
        assert.equal(c.file, 'codebook.md');
        assert.ok(isRange(x.range));
        assert.ok(x.color === undefined || /^#[0-9a-f]{6}$/.test(x.color as string));
        assert.ok(Number.isInteger(c.units) && Number.isInteger(c.directUnits));
      }
      assert.equal(index.units.length, 62);
      for (const u of index.units) {
        // Documented: file, range, codes, id?, speaker?, text. Also written: note?, kind, contentRange, plainStart, plainEnd.
        keysOk(
          u,
          ['file', 'range', 'codes', 'text', 'kind', 'contentRange', 'plainStart', 'plainEnd'],
          ['id', 'speaker', 'note'],
          'a unit',
        );
        const x = u as unknown as Record<string, unknown>;
        assert.match(u.file, /^transcripts\/fg[1-4]\.md$/, 'relative paths with /');
        assert.ok(isRange(x.range) && isRange(x.contentRange));
        assert.ok(Array.isArray(u.codes) && u.codes.every((c) => typeof c === 'string'));
        assert.equal(typeof x.text, 'string');
        assert.ok(x.id === undefined || typeof x.id === 'string');
        assert.ok(x.speaker === undefined || typeof x.speaker === 'string');
      }
      for (const d of index.diagnostics) {
        keysOk(d, ['file', 'range', 'severity', 'code', 'message'], [], 'a diagnostic');
        assert.ok(!path.isAbsolute(d.file) && !d.file.includes('\\'));
      }
    });

    it('index --json sorts units by file, then position', function () {
      const key = (u: IndexJson['units'][number]): [string, number, number] => [
        u.file,
        u.range.start.line,
        u.range.start.character,
      ];
      for (let k = 1; k < index.units.length; k++) {
        const [fa, la, ca] = key(index.units[k - 1]);
        const [fb, lb, cb] = key(index.units[k]);
        assert.ok(fa < fb || (fa === fb && (la < lb || (la === lb && ca <= cb))), `unit ${k} in order`);
      }
      assert.deepEqual(
        [...new Set(index.units.map((u) => u.file))],
        ['transcripts/fg1.md', 'transcripts/fg2.md', 'transcripts/fg3.md', 'transcripts/fg4.md'],
      );
    });

    it('index --json counts agree with its units', function () {
      const subtree = (id: string): string[] => [
        id,
        ...index.codes.filter((c) => c.parent === id).flatMap((c) => subtree(c.id)),
      ];
      for (const c of index.codes) {
        const ids = new Set(subtree(c.id));
        assert.equal(c.directUnits, index.units.filter((u) => u.codes.includes(c.id)).length, `${c.id} direct`);
        assert.equal(
          c.units,
          index.units.filter((u) => u.codes.some((x) => ids.has(x))).length,
          `${c.id} with subcodes`,
        );
      }
    });

    it('report prints the table of 3 themes and 6 subthemes with the index counts', function () {
      const r = cli('report', SAMPLE);
      assert.equal(r.code, 0);
      const lines = r.out.join('\n').split('\n');
      assert.equal(lines[0], '# Themes and subthemes');
      const header = lines.indexOf('| Theme | Subtheme | Units | Transcripts | Speakers |');
      assert.ok(header > 0);
      assert.equal(lines[header + 1], '| --- | --- | ---: | ---: | ---: |');
      const rows = lines.slice(header + 2, header + 11).map((l) => l.split('|').map((s) => s.trim()));
      assert.equal(rows.length, 9);
      const themes = rows.filter((x) => x[1] !== '');
      const subthemes = rows.filter((x) => x[1] === '');
      assert.equal(themes.length, 3);
      assert.equal(subthemes.length, 6);
      for (const row of rows) {
        const title = row[1] !== '' ? row[1].replace(/^\*\*|\*\*$/g, '') : row[2];
        const code = index.codes.find((c) => c.title === title);
        assert.ok(code, `row ${title} is a code`);
        assert.equal(code.depth, row[1] !== '' ? 0 : 1);
        assert.deepEqual(row.slice(3, 6).map(Number), [code.units, code.transcripts, code.speakers], title);
      }
      assert.equal(lines[header + 11], '');
      assert.match(
        lines[header + 12],
        /^4 transcripts, \d+ speakers, 62 meaning units \(60 coded, 2 not yet sorted into a code\)\.$/,
      );
    });

    it('report --json gives rows and totals', function () {
      const r = cli('report', SAMPLE, '--json');
      assert.equal(r.code, 0);
      const rep = JSON.parse(r.out.join('\n')) as {
        rows: { id: string; depth: number; units: number }[];
        totals: Record<string, number>;
        unknownCodes: unknown[];
      };
      assert.deepEqual(
        rep.rows.map((x) => [x.id, x.depth, x.units]),
        index.codes.map((c) => [c.id, c.depth, c.units]),
      );
      const { speakers, ...totals } = rep.totals;
      assert.deepEqual(totals, { transcripts: 4, units: 62, codedUnits: 60, uncodedUnits: 2 });
      assert.ok(speakers >= 4);
      assert.deepEqual(rep.unknownCodes, []);
    });
  });

  describe('on problem studies', function () {
    it('check exits 1 on an unknown code and prints file:line:col (1-based)', function () {
      const dir = tempStudy({ 'codebook.md': '# A {#a}\n', 'sub/t.md': 'P1: [x]{.a}\n\nP2: [y]{.nope}\n' });
      const r = cli('check', dir);
      assert.equal(r.code, 1);
      assert.equal(r.out.length, 1);
      assert.match(r.out[0], /^sub\/t\.md:3:10: error unknown-code: Unknown code `nope`/);
      assert.deepEqual(r.err, ['2 units in 1 transcripts, 1 codes: 1 errors, 0 warnings.']);
    });

    it('exits 2 with one line for a directory that does not exist', function () {
      const missing = path.join(os.tmpdir(), 'condense-no-such-dir-4b1d');
      for (const command of ['check', 'index', 'report']) {
        const r = cli(command, missing);
        assert.equal(r.code, 2);
        assert.deepEqual(r.out, []);
        assertOneLine(r.err);
        assert.match(r.err[0], /no such directory/);
      }
    });

    it('check reports a broken condense.json as bad-config; index and report exit 2', function () {
      const dir = tempStudy({ 'condense.json': '{bad', 'codebook.md': '# A {#a}\n', 't.md': '[x]{.a}\n' });
      const r = cli('check', dir);
      assert.equal(r.code, 1);
      assert.match(r.out[0], /^condense\.json:1:2: error bad-config: condense\.json is not valid JSON/);
      for (const command of ['index', 'report']) {
        const x = cli(command, dir, '--json');
        assert.equal(x.code, 2, command);
        assert.deepEqual(x.out, []);
        assertOneLine(x.err);
        assert.match(x.err[0], /condense\.json:1:2: /);
      }
    });

    it('exits 2 with one line for bad usage, 0 for help', function () {
      for (const argv of [
        ['frob', '.'],
        ['check', '.', '--nope'],
        ['check', 'a', 'b'],
      ]) {
        const r = cli(...argv);
        assert.equal(r.code, 2, argv.join(' '));
        assertOneLine(r.err);
      }
      const help = cli('--help');
      assert.equal(help.code, 0);
      assert.match(help.out[0], /^Usage: condense/);
      assert.equal(cli().code, 0);
    });
  });

  describe('the built CLI', function () {
    before(function () {
      this.timeout(60000);
      ensureBuilt('dist/cli.js');
    });

    it('node bin/condense.js check sample exits 0', function () {
      this.timeout(20000);
      // execFileSync throws on a non-zero exit code.
      const out = execFileSync(process.execPath, ['bin/condense.js', 'check', 'sample'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      for (const line of out.split('\n').filter(Boolean)) assert.match(line, /^transcripts\/fg\d\.md:\d+:\d+: /);
    });

    it('gives the same answers without WebAssembly (node --jitless), its loops left to JavaScript', function () {
      this.timeout(30000);
      const run = (flags: string[]): string =>
        execFileSync(process.execPath, [...flags, 'bin/condense.js', 'check', 'sample', '--json'], {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: 'pipe',
        });
      const plain = run([]);
      assert.ok(JSON.parse(plain));
      assert.equal(run(['--jitless']), plain);
    });

    it('stops quietly, with the status of SIGPIPE, when the reader of its output goes away', function () {
      this.timeout(20000);
      // Megabytes of JSON into `head -c 10`, which closes the pipe after 10 bytes.
      const dir = tempStudy({
        'codebook.md': '# X {#x}\n',
        'transcripts/t.md': `${'[a]{.x} '.repeat(30000)}\n`,
      });
      const r = spawnSync(
        'bash',
        ['-c', 'set -o pipefail; "$0" bin/condense.js index "$1" --json | head -c 10', process.execPath, dir],
        { cwd: ROOT, encoding: 'utf8' },
      );
      assert.equal(r.stdout.length, 10);
      assert.equal(r.stderr, '', 'no stack trace, no message');
      assert.equal(r.status, 141);
    });
  });
});
