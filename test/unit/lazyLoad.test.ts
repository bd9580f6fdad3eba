/**
 * Start-up cost: the heavy dependencies (docx, compromise, @xmldom/xmldom, yaml) are
 * loaded only by the features that use them, in the TypeScript sources and in the
 * bundles (each bundled once to dist/vendor/, see esbuild.mjs and docs/performance.md),
 * and the built CLI still finds them when a command needs them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { readFrontMatter } from '../../server/src/core/frontMatter';
import { readSimpleYaml } from '../../server/src/core/simpleYaml';
import { cleanTemps, tempDir, tempStudy } from './export/support';
import { ensureBuilt } from './support/build';
import { runCli } from './support/cli';
import { spawnStdioServer, type StdioServer } from './support/stdioServer';

const ROOT = path.resolve(__dirname, '../..');
/** The server bundle to start: dist/server.js, or CONDENSE_SERVER_JS (an unpacked .vsix's, say). */
const SERVER_JS = process.env.CONDENSE_SERVER_JS ?? path.join(ROOT, 'dist/server.js');
/** The vendor bundles (dist/vendor/<name>.js) and the packages they hold. */
const HEAVY: Record<string, string> = {
  yaml: 'yaml',
  docx: 'docx',
  compromise: 'compromise',
  xmldom: '@xmldom/xmldom',
  fflate: 'fflate',
  'safe-regex2': 'safe-regex2',
};

/** The modules a fresh Node process holds after requiring these files (with tsx for .ts). */
function loadedBy(files: string[]): string[] {
  const script = `for (const f of ${JSON.stringify(files)}) require(f);
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as string[];
}

/** The loaded modules that belong to a heavy dependency, from node_modules or dist/vendor. */
function heavyIn(modules: string[]): string[] {
  return modules
    .map((m) => m.split(path.sep).join('/'))
    .filter((m) =>
      Object.entries(HEAVY).some(
        ([v, pkg]) => m.includes(`/node_modules/${pkg}/`) || m.endsWith(`/dist/vendor/${v}.js`),
      ),
    );
}

/** Runs the built CLI (bin/condense.js) and returns its exit code and output. */
function built(argv: string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/condense.js'), ...argv], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('start-up loads no heavy dependency', function () {
  after(cleanTemps);

  it('in the sources: the CLI, the server and the parse worker', function () {
    this.timeout(60000);
    const modules = loadedBy([
      './server/src/cli/main.ts',
      './server/src/cli/mergeDriver.ts',
      './server/src/main.ts',
      './server/src/node/parseWorker.ts',
    ]);
    assert.ok(
      modules.some((m) => m.endsWith(path.join('server', 'src', 'lsp', 'server.ts'))),
      'the server was loaded',
    );
    assert.deepEqual(heavyIn(modules), []);
  });

  describe('in the bundles', function () {
    before(function () {
      this.timeout(60000);
      ensureBuilt('dist/vendor/yaml.js');
    });

    it('dist/cli.js, server.js, parseWorker.js and mergeDriver.js load none of dist/vendor', function () {
      this.timeout(30000);
      const bundles = ['cli', 'server', 'parseWorker', 'mergeDriver'].map((b) => path.join(ROOT, 'dist', `${b}.js`));
      const modules = loadedBy(bundles);
      for (const b of bundles) assert.ok(modules.includes(b), b);
      assert.deepEqual(heavyIn(modules), []);
      for (const h of Object.keys(HEAVY))
        assert.ok(fs.existsSync(path.join(ROOT, 'dist/vendor', `${h}.js`)), `dist/vendor/${h}.js`);
    });

    it('the built check loads neither node:crypto nor node:child_process (common/lazyNode.ts)', function () {
      this.timeout(30000);
      // Node's own list of the built-in modules a process has loaded, written as it exits
      // (a script file, not -e: evaluating a string loads node:crypto itself).
      const dir = tempDir();
      const hook = path.join(dir, 'loaded.js');
      fs.writeFileSync(
        hook,
        "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n",
      );
      const loaded = (argv: string[]): string[] => {
        const r = spawnSync(process.execPath, ['--require', hook, path.join(ROOT, 'dist/cli.js'), ...argv], {
          cwd: ROOT,
          encoding: 'utf8',
        });
        const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
        assert.ok(line, r.stderr);
        return (JSON.parse(line.slice(7)) as string[]).filter((m) => /^NativeModule (crypto|child_process)$/.test(m));
      };
      assert.deepEqual(loaded(['check', 'sample']), []);
      // The hook does see them where a command uses them: a study with an identifiers
      // file asks git whether that file is tracked.
      const study = tempStudy({
        'condense.json': JSON.stringify({ identifiers: 'names.txt' }),
        'names.txt': 'Kari Nordmann\n',
        'codebook.md': '# A {#a}\n',
        'transcripts/t.md': 'P1: [x]{.a}\n',
      });
      assert.deepEqual(loaded(['check', study]), ['NativeModule child_process']);
    });

    it('the built check reads front matter that needs the full YAML parser as the sources do', function () {
      this.timeout(30000);
      const dir = tempStudy({
        'codebook.md': '# A {#a}\n',
        // A flow list: simpleYaml leaves it to the full parser.
        'transcripts/t1.md': '---\ntags: [x, y]\nparticipants:\n  P1: {role: nurse}\n---\nP1: [x]{.a}\n',
        // Not valid YAML: the full parser's message, with its line.
        'transcripts/t2.md': '---\ntitle: ok\nbad: [unclosed\n---\nP1: [y]{.a}\n',
      });
      const b = built(['check', dir]);
      const s = runCli('check', dir);
      assert.match(
        b.out,
        /^transcripts\/t2\.md:\d+:\d+: warning bad-front-matter: The front matter is not valid YAML/m,
      );
      assert.doesNotMatch(b.out, /t1\.md/);
      assert.equal(b.out, s.out.map((l) => `${l}\n`).join(''));
      assert.equal(b.err, s.err.map((l) => `${l}\n`).join(''));
      assert.equal(b.code, s.code);
    });

    it('the built check checks a study’s own speakerPattern (safe-regex2) as the sources do', function () {
      this.timeout(30000);
      for (const [pattern, pool] of [
        ['^\\[([^\\]]+)\\]', '0'],
        ['^\\[([^\\]]+)\\]', '1'],
        ['^(a+)+:', '0'],
      ]) {
        const dir = tempStudy({
          'condense.json': JSON.stringify({ speakerPattern: pattern }),
          'codebook.md': '# A {#a}\n',
          'transcripts/t.md': '---\ntags: [x]\n---\n[P1] [x]{.a}\n\n[P2] [y]{.b}\n',
          'transcripts/u.md': '[P1] [z]{.a}\n',
        });
        // CONDENSE_POOL_MIN_BYTES=1: the parse workers (dist/parseWorker.js) load the vendor bundles too.
        const started = Date.now();
        const b = built(['check', dir], { CONDENSE_POOL_MIN_BYTES: pool === '1' ? '1' : '1000000000' });
        // A worker that could not load its vendor bundles would stall the pool for 20 s.
        assert.ok(Date.now() - started < 10000, `${pattern}: ${Date.now() - started} ms`);
        const s = runCli('check', dir);
        assert.equal(b.out, s.out.map((l) => `${l}\n`).join(''), pattern);
        assert.equal(b.err, s.err.map((l) => `${l}\n`).join(''), pattern);
        assert.equal(b.code, s.code, pattern);
        if (pattern.includes('+)+')) assert.match(b.out, /condense\.json:.*nests repetitions/);
      }
    });

    it('the built check gives identifier hints (compromise) as the sources do', function () {
      this.timeout(60000);
      const dir = tempStudy({
        'condense.json': JSON.stringify({ identifierHints: true, identifiers: 'names.txt' }),
        'names.txt': 'Ola Nordmann\n',
        'codebook.md': '# A {#a}\n',
        'transcripts/t.md': 'P1: [I met Maria Jensen in Bergen last May.]{.a}\n',
      });
      const b = built(['check', dir]);
      const s = runCli('check', dir);
      assert.match(b.out, /possible-identifier/);
      assert.equal(b.out, s.out.map((l) => `${l}\n`).join(''));
      assert.equal(b.code, s.code);
    });

    it('the built export writes .docx and .qdpx, and the built import reads the .qdpx back', function () {
      this.timeout(60000);
      const out = tempDir('condense-lazy-out-');
      const sample = path.join(ROOT, 'sample');
      const docx = built(['export', '--format', 'docx', '--out', path.join(out, 'r.docx'), sample]);
      assert.equal(docx.code, 0, docx.err);
      assert.equal(fs.readFileSync(path.join(out, 'r.docx')).subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
      const qdpx = built(['export', '--format', 'qdpx', '--out', path.join(out, 's.qdpx'), sample]);
      assert.equal(qdpx.code, 0, qdpx.err);
      const imp = built(['import', path.join(out, 's.qdpx'), '--out', path.join(out, 'imported')]);
      assert.equal(imp.code, 0, imp.err);
      const same = runCli('import', path.join(out, 's.qdpx'), '--out', path.join(out, 'imported-src'));
      assert.equal(same.code, 0);
      const files = fs.readdirSync(path.join(out, 'imported'), { recursive: true }) as string[];
      assert.ok(files.some((f) => f.endsWith('.md') && f.startsWith('transcripts')));
      for (const f of files) {
        const a = path.join(out, 'imported', f);
        if (fs.statSync(a).isFile())
          assert.equal(fs.readFileSync(a, 'utf8'), fs.readFileSync(path.join(out, 'imported-src', f), 'utf8'), f);
      }
    });
  });
});

/**
 * Starts the server bundle over stdio on the study `dir`, sends initialize and initialized,
 * and returns the connection and a stop function.
 */
async function startServer(dir: string): Promise<Pick<StdioServer, 'conn' | 'stop'>> {
  const { conn, stop } = spawnStdioServer(SERVER_JS);
  const uri = pathToFileURL(dir).href;
  await conn.sendRequest('initialize', {
    processId: null,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'study' }],
    capabilities: {},
  });
  await conn.sendNotification('initialized', {});
  return { conn, stop };
}

describe('the built language server loads its vendor bundles when asked', function () {
  after(cleanTemps);

  it('exports .docx and .qdpx and imports the .qdpx (docx, fflate, xmldom, yaml)', async function () {
    this.timeout(60000);
    ensureBuilt(SERVER_JS);
    const work = tempDir('condense-lazy-server-');
    const study = path.join(work, 'study');
    fs.cpSync(path.join(ROOT, 'sample'), study, { recursive: true });
    const { conn, stop } = await startServer(study);
    try {
      const uri = pathToFileURL(study).href;
      for (const format of ['docx', 'qdpx']) {
        const target = path.join(work, `out.${format}`);
        const r = (await conn.sendRequest('condense/export', {
          uri,
          format,
          target: pathToFileURL(target).href,
        })) as { written?: string; bytes?: number; error?: string };
        assert.equal(r.error, undefined, format);
        assert.equal(fs.statSync(target).size, r.bytes, format);
        assert.equal(fs.readFileSync(target).subarray(0, 2).toString('latin1'), 'PK', format);
      }
      const imported = path.join(work, 'imported');
      fs.mkdirSync(imported);
      const r = (await conn.sendRequest('condense/import', {
        source: pathToFileURL(path.join(work, 'out.qdpx')).href,
        parent: pathToFileURL(imported).href,
      })) as { folder?: string; counts?: { transcripts: number; units: number }; error?: string };
      assert.equal(r.error, undefined);
      assert.ok(r.counts && r.counts.transcripts > 0 && r.counts.units > 0, JSON.stringify(r));
    } finally {
      stop();
    }
  });
});

describe('simpleYaml answers as the full YAML parser does', function () {
  const key = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,8}$/).filter((k) => k.trim() === k),
    fc.constantFrom('P1', 'role', 'true', 'Null', '1e3', '0o7', '0x1F', '012', '1.0', 'Ø', 'naïve key', '参加者'),
  );
  const scalar = fc.oneof(
    fc.constantFrom('true', 'False', 'null', '~', '', '12', '-3', '1.5', '2e3', '0x1F', '.inf', "'q'", '"d q"', 'a: b'),
    fc.stringMatching(/^[A-Za-z0-9 ,.:#'"{}[\]-]{0,12}$/),
  );
  const flow = fc
    .array(fc.tuple(key, scalar), { maxLength: 3 })
    .map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
  const line = fc.oneof(
    fc.tuple(key, fc.oneof(scalar, flow)).map(([k, v]) => `${k}: ${v}`),
    fc.tuple(fc.constantFrom('  ', '    '), key, fc.oneof(scalar, flow)).map(([i, k, v]) => `${i}${k}: ${v}`),
    key.map((k) => `${k}:`),
    fc.constantFrom('# note', '', '- item'),
  );

  it('on every front matter simpleYaml reads (fast-check)', function () {
    this.timeout(60000);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), (lines, crlf) => {
        const yaml = lines.join(crlf ? '\r\n' : '\n');
        const simple = readSimpleYaml(yaml);
        if (simple === undefined) return;
        let full: unknown;
        try {
          full = parseYaml(yaml, { maxAliasCount: 50 }) ?? {};
        } catch {
          assert.fail(`simpleYaml read YAML that the full parser refuses: ${JSON.stringify(yaml)}`);
        }
        assert.deepEqual(simple, full, JSON.stringify(yaml));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads front matter through the full parser where simpleYaml declines', function () {
    const text = '---\ntags: [a, b]\nwhen: 2024-05-01\n---\nP1: text\n';
    assert.equal(readSimpleYaml('tags: [a, b]\nwhen: 2024-05-01\n'), undefined);
    assert.deepEqual(readFrontMatter(text, 0)?.data, { tags: ['a', 'b'], when: '2024-05-01' });
  });
});
