/**
 * The privacy guard on the command line, on generated studies: exact flagging, the
 * gates of check and the exports, pseudonymize (dry run, then for real), and bad input
 * (a missing, empty or 10,000-entry identifiers file).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from './support';
import { ABSENT_NAMES, IDENTIFIERS, removePrivacyStudy, writePrivacyStudy, type PrivacyStudy } from './study';

function readAll(s: PrivacyStudy): Record<string, string> {
  return Object.fromEntries(Object.keys(s.before).map((f) => [f, fs.readFileSync(path.join(s.root, f), 'utf8')]));
}

interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

function diagnostics(root: string): JsonDiagnostic[] {
  const r = cli('check', root, '--json');
  return JSON.parse(r.out.join('\n')) as JsonDiagnostic[];
}

describe('privacy: the command line on generated studies', function () {
  const studies: PrivacyStudy[] = [];
  const study = (options?: Parameters<typeof writePrivacyStudy>[0]): PrivacyStudy => {
    const s = writePrivacyStudy(options);
    studies.push(s);
    return s;
  };
  after(() => studies.forEach(removePrivacyStudy));

  for (const variant of [{ eol: '\n' as const }, { eol: '\r\n' as const, bom: true }]) {
    const label = variant.eol === '\n' ? 'LF' : 'CR LF with a BOM';
    it(`flags every listed name at its exact range, and no decoy (${label})`, function () {
      const s = study(variant);
      const found = diagnostics(s.root)
        .filter((d) => d.code === 'identifying-text')
        .map((d) => ({ file: d.file, range: d.range, severity: d.severity }));
      const want = s.expected.map((e) => ({ file: e.file, range: e.range, severity: 'error' }));
      const key = (x: { file: string; range: JsonDiagnostic['range'] }): string =>
        `${x.file}:${x.range.start.line}:${x.range.start.character}`;
      assert.deepEqual(
        found.sort((a, b) => key(a).localeCompare(key(b))),
        want.sort((a, b) => key(a).localeCompare(key(b))),
      );
      assert.equal(found.length, 19);
      // Nothing else is wrong with the study: after pseudonymize it must pass.
      assert.deepEqual(
        diagnostics(s.root).filter((d) => d.severity === 'error' && d.code !== 'identifying-text'),
        [],
      );
    });

    it(`gates check and the exports, then pseudonymizes exactly (${label})`, function () {
      const s = study(variant);
      const check = cli('check', s.root);
      assert.equal(check.code, 1);
      for (const format of ['results', 'csv', 'qdc', 'qdpx']) {
        const out = path.join(path.dirname(s.root), `export.${format}`);
        const r = cli('export', '--format', format, '--out', out, s.root);
        assert.equal(r.code, 1, format);
        assert.equal(r.err.length, 1);
        assert.match(
          r.err[0],
          /^condense: refusing to export: 19 identifying names remain in 2 files \(see condense check\)/,
        );
        assert.equal(fs.existsSync(out), false, `${format}: nothing written`);
        const allowed = cli('export', '--format', format, '--out', out, '--allow-identifying-text', s.root);
        assert.equal(allowed.code, 0, format);
        assert.ok(fs.statSync(out).size > 0);
      }

      const dry = cli('pseudonymize', '--dry-run', s.root);
      assert.equal(dry.code, 0);
      assert.deepEqual(readAll(s), s.before, '--dry-run writes nothing');
      assert.match(dry.raw, /^--- a\/codebook\.md\n\+\+\+ b\/codebook\.md\n@@ /);
      assert.match(dry.raw, /\n--- a\/transcripts\/fg1\.md\n\+\+\+ b\/transcripts\/fg1\.md\n/);
      assert.doesNotMatch(dry.raw, /clean\.md/);
      assert.deepEqual(dry.err, [
        'codebook.md: 4 replacements',
        'transcripts/fg1.md: 15 replacements',
        'Dry run: 19 replacements in 2 files would be made; nothing was written.',
      ]);
      assert.deepEqual(fs.readdirSync(path.join(s.root, 'transcripts')).sort(), ['clean.md', 'fg1.md']);

      const real = cli('pseudonymize', s.root);
      assert.equal(real.code, 0, real.err.join('\n'));
      assert.deepEqual(real.out, [
        'codebook.md: 4 replacements',
        'transcripts/fg1.md: 15 replacements',
        'Pseudonymized: 19 replacements in 2 files.',
      ]);
      assert.deepEqual(readAll(s), s.after);
      assert.deepEqual(
        fs.readdirSync(path.join(s.root, 'transcripts')).sort(),
        ['clean.md', 'fg1.md'],
        'no temporary file left',
      );

      const after = cli('check', s.root);
      assert.equal(after.code, 0, after.out.join('\n'));
      assert.deepEqual(after.out, []);
      // The unit kept its id, codes and memo; the golden quote still matches its unit.
      const index = JSON.parse(cli('index', s.root, '--json').out.join('\n')) as {
        units: { id?: string; codes: string[]; note?: string; speaker?: string; text: string }[];
      };
      const unit = index.units.find((u) => u.id === 'mu-1');
      assert.deepEqual(
        { codes: unit?.codes, note: unit?.note, speaker: unit?.speaker, text: unit?.text },
        { codes: ['support'], note: "Anna Berg's idea", speaker: '[Person 1]', text: 'I met Anna Berg in Havbyen' },
      );
      assert.equal(cli('pseudonymize', s.root).out.at(-1), 'Pseudonymized: 0 replacements in 0 files.');
    });
  }

  it('a missing identifiers file: one bad-config error; report and index go on, exports refuse', function () {
    const s = study();
    fs.rmSync(s.identifiers);
    const ds = diagnostics(s.root);
    assert.deepEqual(
      ds.filter((d) => d.file === 'condense.json'),
      [
        {
          file: 'condense.json',
          range: ds.find((d) => d.file === 'condense.json')?.range,
          severity: 'error',
          code: 'bad-config',
          message:
            'The identifiers file ../names.txt cannot be read (ENOENT), so identifying text cannot be checked; exports refuse until it can.',
        },
      ],
    );
    assert.deepEqual(
      ds.filter((d) => d.code === 'identifying-text'),
      [],
    );
    assert.equal(cli('check', s.root).code, 1);
    assert.equal(cli('report', s.root).code, 0);
    assert.equal(cli('index', s.root, '--json').code, 0);
    const ex = cli('export', '--format', 'csv', s.root);
    assert.equal(ex.code, 1);
    assert.deepEqual(ex.err, [
      'condense: the identifiers file ../names.txt cannot be read, so identifying text cannot be ruled out; fix condense.json or pass --allow-identifying-text',
    ]);
    const p = cli('pseudonymize', s.root);
    assert.equal(p.code, 2);
    assert.deepEqual(p.err, ['condense: the identifiers file ../names.txt cannot be read; nothing was changed']);
    assert.deepEqual(readAll(s), s.before);
  });

  it('an empty identifiers file, or one of comments only: nothing flagged, nothing changed', function () {
    for (const text of ['', '# nobody yet\n\n', '\ufeff\r\n']) {
      const s = study({ identifiers: text });
      assert.deepEqual(
        diagnostics(s.root).filter((d) => d.file === 'condense.json' || d.code === 'identifying-text'),
        [],
      );
      assert.equal(cli('check', s.root).code, 0);
      assert.equal(cli('export', '--format', 'csv', s.root).code, 0);
      assert.equal(cli('pseudonymize', s.root).code, 0);
      assert.deepEqual(readAll(s), s.before);
    }
  });

  it('a 10,000-entry identifiers file finds the same matches as the short one', function () {
    const filler: string[] = [];
    for (let k = 0; k < 10000 - 10; k++) filler.push(`Person${k} Surname${k % 97} => P${k}`);
    const s = study({ identifiers: `${filler.join('\n')}\n${IDENTIFIERS}` });
    const t0 = Date.now();
    const found = diagnostics(s.root).filter((d) => d.code === 'identifying-text');
    assert.equal(found.length, s.expected.length);
    assert.ok(Date.now() - t0 < 5000, 'checked in under 5 s');
    assert.equal(cli('pseudonymize', s.root).code, 0);
    assert.deepEqual(readAll(s), s.after);
  });

  it('an identifiers file without a pseudonym line, or repeated names: warnings by line number only', function () {
    const s = study({ identifiers: `${IDENTIFIERS}\n=> Orphan pseudonym\nkari nordmann => Someone else\n` });
    const warnings = diagnostics(s.root).filter((d) => d.file === 'condense.json');
    assert.deepEqual(
      warnings.map((d) => [d.severity, d.code, d.message]),
      [
        ['warning', 'bad-config', 'Identifiers file ../names.txt: line 12 has a pseudonym but no name before "=>".'],
        [
          'warning',
          'bad-config',
          'Identifiers file ../names.txt: line 13 repeats the name of line 2; the first one counts.',
        ],
      ],
    );
  });

  it('usage: the new options go with their commands only; no identifiers file configured', function () {
    const s = study();
    assert.deepEqual(cli('check', '--dry-run', s.root).err, ['condense: --dry-run goes with pseudonymize only']);
    assert.deepEqual(cli('report', '--allow-identifying-text', s.root).err, [
      'condense: --allow-identifying-text goes with export only',
    ]);
    fs.writeFileSync(path.join(s.root, 'condense.json'), '{}');
    const r = cli('pseudonymize', s.root);
    assert.equal(r.code, 2);
    assert.match(r.err[0], /^condense: condense\.json names no identifiers file/);
    assert.ok(ABSENT_NAMES.length > 0);
  });
});
