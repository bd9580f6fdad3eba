/**
 * Real-editor tests: the built language server (dist/server.js) driven by Neovim's
 * built-in LSP client and by Emacs' Eglot, each headless on a fresh copy of sample/.
 * The editors run scripts in test/editors/ that print "PASS <check>" / "FAIL <check>: why"
 * and exit non-zero on any failure; a rename is applied with the editor's own code and
 * saved, and then every file of the study is compared here byte for byte.
 *
 * A test runs when its editor is installed. In CI (CI=true) a missing editor fails the
 * test instead: .ci/run installs them (Debian: neovim, emacs-nox, elpa-eglot).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = path.join(ROOT, 'sample');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const NVIM_SCRIPT = path.join(ROOT, 'test', 'editors', 'neovim.lua');
const EGLOT_SCRIPT = path.join(ROOT, 'test', 'editors', 'eglot-test.el');

/** Whether `bin` is on the PATH. */
function has(bin: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', bin], { stdio: 'ignore' }).status === 0;
}

/** The code `facilitate` in the sample codebook: its title and the 0-based line of its heading. */
function facilitateHeading(): { title: string; line: number } {
  const lines = fs.readFileSync(path.join(SAMPLE, 'codebook.md'), 'utf8').split('\n');
  const line = lines.findIndex((l) => /^#{1,6}\s.*\{#facilitate[\s}]/.test(l));
  assert.ok(line >= 0, 'sample/codebook.md has no heading {#facilitate}');
  const title = /^#{1,6}\s+(.*?)\s*\{#facilitate[^}]*\}\s*$/.exec(lines[line])?.[1];
  assert.ok(title, `cannot read the title of: ${lines[line]}`);
  return { title, line };
}

/** A fresh copy of sample/ in a new temporary folder, as `<tmp>/<name>`. */
function copyStudy(name: string): { tmp: string; study: string } {
  // realpath: editors resolve symlinks (Eglot sends file-truename URIs), e.g. macOS's /var.
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'condense-editors-')));
  const study = path.join(tmp, name);
  fs.cpSync(SAMPLE, study, { recursive: true });
  return { tmp, study };
}

/** Every file below `dir`, relative, with `/`, sorted. */
function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else out.push(r);
  }
  return out.sort();
}

/**
 * Prepares a copy for the rename test: fg4.md gets one more unit of `facilitate` after
 * non-ASCII text (an emoji is two UTF-16 code units and four UTF-8 bytes), so the edit only
 * lands on the class if server and editor agree on columns. Returns every file's bytes.
 */
function prepareRename(study: string): Map<string, Buffer> {
  fs.appendFileSync(
    path.join(study, 'transcripts', 'fg4.md'),
    '\n**P2:** Bjørn — “café” 🙂 [we met every week, the whole first year]{.facilitate}.\n',
  );
  return new Map(listFiles(study).map((rel) => [rel, fs.readFileSync(path.join(study, rel))]));
}

/** What <rel> must hold after renaming the code facilitate to preparing. */
function renamed(rel: string, original: Buffer): Buffer {
  const text = original.toString('utf8');
  if (rel.startsWith('transcripts/'))
    return Buffer.from(text.replace(/\.facilitate(?![\p{L}\p{N}_:.-])/gu, '.preparing'), 'utf8');
  if (rel === 'codebook.md') return Buffer.from(text.split('{#facilitate}').join('{#preparing}'), 'utf8');
  return original;
}

/** Asserts that the study holds exactly `before` with facilitate renamed to preparing, byte for byte. */
function assertRenamedOnDisk(study: string, before: Map<string, Buffer>): void {
  const files = [...before.keys()];
  assert.deepEqual(listFiles(study), files, 'the study has other files than before (backups, swap files?)');
  const changed: string[] = [];
  for (const rel of files) {
    const original = before.get(rel) as Buffer;
    const want = renamed(rel, original);
    const got = fs.readFileSync(path.join(study, rel));
    if (!want.equals(original)) changed.push(rel);
    if (got.equals(want)) continue;
    const g = got.toString('utf8').split('\n');
    const w = want.toString('utf8').split('\n');
    let k = 0;
    while (k < Math.max(g.length, w.length) && g[k] === w[k]) k++;
    assert.fail(
      `${rel} differs from the expected rename (${got.length} bytes, expected ${want.length}); first difference on line ${k + 1}:\n` +
        `  got:      ${JSON.stringify(g[k])}\n  expected: ${JSON.stringify(w[k])}`,
    );
  }
  // The codebook and three transcripts change; fg3.md, README.md and condense.json must not.
  assert.deepEqual(
    changed,
    ['codebook.md', 'transcripts/fg1.md', 'transcripts/fg2.md', 'transcripts/fg4.md'],
    'the sample changed: which files hold facilitate?',
  );
}

interface EditorRun {
  study: string;
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs an editor under `timeout`, with the study and the server in its environment. */
function runEditor(command: string[], seconds: number, env: Record<string, string>): EditorRun {
  const { title, line } = facilitateHeading();
  const argv = has('timeout') ? ['timeout', '-k', '5', String(seconds), ...command] : command;
  const started = Date.now();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: (seconds + 10) * 1000,
    killSignal: 'SIGKILL',
    env: {
      ...process.env,
      CONDENSE_SERVER: SERVER,
      CONDENSE_NODE: process.execPath,
      CONDENSE_TITLE: title,
      CONDENSE_DEF_LINE: String(line),
      ...env,
    },
  });
  if (r.error) throw r.error;
  return {
    study: env.CONDENSE_STUDY ?? '',
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    ms: Date.now() - started,
  };
}

/** Asserts that the run passed every named check and exited with 0. */
function assertPassed(run: EditorRun, checks: string[]): void {
  const report = `exit ${run.status} after ${run.ms} ms (124: timed out), study kept at ${run.study}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
  const failed = run.stdout.split('\n').filter((l) => l.startsWith('FAIL '));
  assert.deepEqual(failed, [], report);
  for (const c of checks) assert.ok(run.stdout.split('\n').includes(`PASS ${c}`), `check ${c} did not pass\n${report}`);
  assert.ok(run.stdout.includes('DONE ok'), report);
  assert.equal(run.status, 0, report);
}

describe('real editors', function () {
  this.timeout(120000);

  before(function () {
    this.timeout(120000);
    if (!fs.existsSync(SERVER)) {
      const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 0, `node esbuild.mjs failed:\n${r.stdout}${r.stderr}`);
    }
  });

  describe('Neovim (vim.lsp, 0.7 API)', function () {
    let nvimHome = '';

    before(function () {
      // Skip where Neovim is not installed; CI installs it, so there a missing nvim is a failure.
      if (!has('nvim')) {
        if (process.env.CI === 'true') throw new Error('nvim is required in CI');
        this.skip();
      }
      nvimHome = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-nvim-home-'));
    });

    after(() => {
      if (nvimHome) fs.rmSync(nvimHome, { recursive: true, force: true });
    });

    /** Runs test/editors/neovim.lua in the study; its config, state and logs stay in a temp home. */
    const nvim = (study: string, mode: string): EditorRun =>
      runEditor(['nvim', '--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${NVIM_SCRIPT}`], 60, {
        CONDENSE_STUDY: study,
        CONDENSE_MODE: mode,
        XDG_CONFIG_HOME: path.join(nvimHome, 'config'),
        XDG_DATA_HOME: path.join(nvimHome, 'data'),
        XDG_STATE_HOME: path.join(nvimHome, 'state'),
        XDG_CACHE_HOME: path.join(nvimHome, 'cache'),
      });

    // A space and a non-ASCII letter in the path: the URIs of both sides must agree.
    it('completes, hovers, goes to the definition and shows unknown-code diagnostics', () => {
      const { tmp, study } = copyStudy('study ø');
      const run = nvim(study, 'features');
      assertPassed(run, ['completion', 'completion-prefix', 'hover', 'definition', 'diagnostics']);
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("renames a code with the editor's apply_workspace_edit, byte for byte on disk", () => {
      const { tmp, study } = copyStudy('study ø');
      const before = prepareRename(study);
      const run = nvim(study, 'rename');
      assertPassed(run, ['prepareRename', 'rename']);
      assertRenamedOnDisk(study, before);
      fs.rmSync(tmp, { recursive: true, force: true });
    });
  });

  describe('Emacs (Eglot)', function () {
    before(function () {
      this.timeout(30000);
      // Skip where Emacs or Eglot is missing; CI installs both, so there that is a failure.
      const probe = has('emacs')
        ? runEditor(['emacs', '--batch', '-Q', '-l', EGLOT_SCRIPT], 20, {
            CONDENSE_MODE: 'probe',
            CONDENSE_STUDY: SAMPLE,
          })
        : null;
      if (!probe || probe.status !== 0) {
        if (process.env.CI === 'true')
          throw new Error(`emacs with eglot is required in CI${probe ? `:\n${probe.stdout}${probe.stderr}` : ''}`);
        this.skip();
      }
    });

    const emacs = (study: string, mode: string): EditorRun =>
      runEditor(['emacs', '--batch', '-Q', '-l', EGLOT_SCRIPT], 90, { CONDENSE_STUDY: study, CONDENSE_MODE: mode });

    // ASCII only: Eglot 1.9 (Debian 12) does not decode UTF-8 in the URIs it receives, so a
    // non-ASCII study path breaks its definition, diagnostics and edits with any server.
    it('completes, hovers, goes to the definition and shows unknown-code diagnostics', () => {
      const { tmp, study } = copyStudy('study dir');
      const run = emacs(study, 'features');
      assertPassed(run, [
        'completion',
        'completion-at-point',
        'hover',
        'definition',
        'xref-find-definitions',
        'diagnostics',
      ]);
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('renames a code with eglot-rename and saves, byte for byte on disk', () => {
      const { tmp, study } = copyStudy('study dir');
      const before = prepareRename(study);
      const run = emacs(study, 'rename');
      assertPassed(run, ['rename']);
      assertRenamedOnDisk(study, before);
      fs.rmSync(tmp, { recursive: true, force: true });
    });
  });
});
