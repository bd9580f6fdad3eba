/** condense.json: parseConfig and the file classifier. */
import * as assert from 'node:assert/strict';
import { createClassifier, DEFAULT_MAX_FILE_SIZE, defaultConfig, parseConfig } from '../../server/src/core/config';
import { brief, R } from './support/helpers';

const DEFAULT_SECTIONS = {
  condensate: ['condensate', 'condensates'],
  quotes: ['quotes', 'golden quotes', 'quotations'],
  synthesis: ['synthesis', 'analytic text'],
};

describe('parseConfig', function () {
  it('reads a valid configuration', function () {
    const text = JSON.stringify({
      $schema: '../schemas/condense.schema.json',
      codebook: 'book.md',
      transcripts: ['t/**/*.md'],
      sections: { condensate: 'Kondensat', quotes: ['Sitater', ' Quotes '] },
      speakerPattern: '^(\\w+) - ',
      maxFileSize: 1000,
    });
    const { config, diagnostics } = parseConfig(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, {
      codebook: ['book.md'],
      transcripts: ['t/**/*.md'],
      sections: { condensate: ['kondensat'], quotes: ['sitater', 'quotes'], synthesis: DEFAULT_SECTIONS.synthesis },
      speakerPattern: '^(\\w+) - ',
      maxFileSize: 1000,
    });
  });

  it('has defaults for everything', function () {
    assert.deepEqual(defaultConfig(), {
      codebook: ['codebook.md'],
      sections: DEFAULT_SECTIONS,
      maxFileSize: DEFAULT_MAX_FILE_SIZE,
    });
    const { config, diagnostics } = parseConfig('{}');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(config, defaultConfig());
    assert.equal(DEFAULT_MAX_FILE_SIZE, 10 * 1024 * 1024);
  });

  it('reports invalid JSON as bad-config at the position of the problem, and uses the defaults', function () {
    const { config, diagnostics } = parseConfig('{\n  "codebook": "a.md",\n  bad\n}');
    assert.deepEqual(brief(diagnostics), [{ code: 'bad-config', severity: 'error', range: R(2, 2, 2, 2) }]);
    assert.match(diagnostics[0].message, /not valid JSON/);
    assert.deepEqual(config, defaultConfig());
  });

  it('places a JSON error right after a BOM too', function () {
    const { diagnostics } = parseConfig('\ufeff{\n  bad\n}');
    assert.deepEqual(brief(diagnostics), [{ code: 'bad-config', severity: 'error', range: R(1, 2, 1, 2) }]);
    assert.deepEqual(parseConfig('\ufeff{"codebook": "b.md"}').config.codebook, ['b.md']);
  });

  it('reports an empty file and a file that is not an object', function () {
    assert.deepEqual(brief(parseConfig('').diagnostics), [
      { code: 'bad-config', severity: 'error', range: R(0, 0, 0, 0) },
    ]);
    const arr = parseConfig('[1]');
    assert.deepEqual(brief(arr.diagnostics), [{ code: 'bad-config', severity: 'error', range: R(0, 0, 0, 0) }]);
    assert.match(arr.diagnostics[0].message, /JSON object/);
  });

  it('reports wrong types at their keys and keeps the defaults for them', function () {
    const text = '{"codebook": 1, "transcripts": [], "sections": [], "speakerPattern": 5, "maxFileSize": -1}';
    const { config, diagnostics } = parseConfig(text);
    assert.deepEqual(brief(diagnostics), [
      { code: 'bad-config', severity: 'error', range: R(0, 1, 0, 11) },
      { code: 'bad-config', severity: 'error', range: R(0, 16, 0, 29) },
      { code: 'bad-config', severity: 'error', range: R(0, 35, 0, 45) },
      { code: 'bad-config', severity: 'error', range: R(0, 51, 0, 67) },
      { code: 'bad-config', severity: 'error', range: R(0, 72, 0, 85) },
    ]);
    assert.deepEqual(config, defaultConfig());
    assert.equal(parseConfig('{"codebook": ["a.md", ""]}').diagnostics.length, 1);
    assert.equal(parseConfig('{"maxFileSize": "big"}').diagnostics.length, 1);
  });

  it('warns about unknown keys and unknown sections', function () {
    const { config, diagnostics } = parseConfig(
      '{\n  "codebook": "a.md",\n  "oops": 1,\n  "sections": {"other": "x", "quotes": 5}\n}',
    );
    assert.deepEqual(brief(diagnostics), [
      { code: 'bad-config', severity: 'warning', range: R(2, 2, 2, 8) },
      { code: 'bad-config', severity: 'warning', range: R(3, 15, 3, 22) },
      { code: 'bad-config', severity: 'error', range: R(3, 29, 3, 37) },
    ]);
    assert.match(diagnostics[0].message, /Unknown setting "oops"/);
    assert.deepEqual(config.codebook, ['a.md']);
    assert.deepEqual(config.sections, DEFAULT_SECTIONS);
  });

  it('rejects a speaker pattern that is not a valid regular expression', function () {
    const { config, diagnostics } = parseConfig('{"speakerPattern": "(unclosed"}');
    assert.deepEqual(brief(diagnostics), [{ code: 'bad-config', severity: 'error', range: R(0, 1, 0, 17) }]);
    assert.match(diagnostics[0].message, /regular expression/);
    assert.equal(config.speakerPattern, undefined);
  });
});

describe('createClassifier', function () {
  it('by default: codebook.md is the codebook, other Markdown files are transcripts', function () {
    const classify = createClassifier(defaultConfig());
    const expected: [string, 'codebook' | 'transcript' | null][] = [
      ['codebook.md', 'codebook'],
      ['a.md', 'transcript'],
      ['sub/b.md', 'transcript'],
      ['sub\\c.md', 'transcript'],
      ['./d.md', 'transcript'],
      ['sub/codebook.md', 'transcript'],
      ['a.txt', null],
      ['README.md', null],
      ['docs/README.md', null],
      ['CHANGELOG.md', null],
      ['docs/CHANGELOG.md', null],
      ['node_modules/x/a.md', null],
      ['a/node_modules/b.md', null],
      ['.git/a.md', null],
      ['sub/.git/a.md', null],
    ];
    assert.deepEqual(
      expected.map(([p]) => [p, classify(p)]),
      expected,
    );
  });

  it('gives the codebook precedence over transcript globs', function () {
    const classify = createClassifier(
      parseConfig('{"codebook": "transcripts/codebook.md", "transcripts": "transcripts/*.md"}').config,
    );
    assert.equal(classify('transcripts/codebook.md'), 'codebook');
    assert.equal(classify('transcripts/a.md'), 'transcript');
  });

  it('uses custom transcript globs, which may include README but never node_modules or .git', function () {
    const classify = createClassifier(
      parseConfig('{"codebook": ["books/*.md"], "transcripts": ["transcripts/**/*.md", "README.md"]}').config,
    );
    const expected: [string, 'codebook' | 'transcript' | null][] = [
      ['books/a.md', 'codebook'],
      ['transcripts/x/y.md', 'transcript'],
      ['transcripts/books/a.md', 'transcript'],
      ['README.md', 'transcript'],
      ['other.md', null],
      ['codebook.md', null],
      ['node_modules/transcripts/a.md', null],
      ['transcripts/node_modules/a.md', null],
      ['transcripts/.git/a.md', null],
    ];
    assert.deepEqual(
      expected.map(([p]) => [p, classify(p)]),
      expected,
    );
  });
});
