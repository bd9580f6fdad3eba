/**
 * StudyIndex: incremental updates, the code tree, units by code, positions, counts,
 * unused codes, golden-quote provenance and cross-file diagnostics.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { StudyIndex, type DocumentKind } from '../../server/src/core/studyIndex';
import { brief, R } from './support/helpers';

const CODEBOOK = 'file:///s/codebook.md';
const MORE = 'file:///s/more.md';
const T1 = 'file:///s/t1.md';
const T2 = 'file:///s/t2.md';

const CODEBOOK_TEXT = [
  '# Theme A {#a color="#111"}', // 0
  '',
  '## Sub A1 {#a1}', // 2
  '',
  '### Quotes', // 4
  '',
  '> the quick “brown” fox ... the lazy dog (T1, P1)', // 6
  '',
  '> The quick brown cat leaps (T1)', // 8
  '',
  '> nothing like anything (T2)', // 10
  '',
  '## Sub A2 {#a2}', // 12
  '',
  '# Theme B {#b}', // 14
  '',
  '## Sub B1 {#b1}', // 16
  '',
  '## Sub B2 {#b2}', // 18
].join('\n');

// Units of T1, in order: 0 `The quick...` (a1), 1 `more ...` (a a1), 2 `inner` (a2),
// 3 `unknown` (zzz), 4 `b text` (b1).
const T1_TEXT =
  'P1: [The quick "brown"   fox jumps over the lazy dog]{.a1} and [more [inner]{.a2}]{.a .a1}\n\nP2: [unknown]{.zzz} [b text]{.b1}';
const T2_TEXT = 'P1: [only a]{.a}';

function study(): StudyIndex {
  const ix = new StudyIndex();
  ix.setDocument(CODEBOOK, CODEBOOK_TEXT, 'codebook', 1);
  ix.setDocument(T1, T1_TEXT, 'transcript', 1);
  ix.setDocument(T2, T2_TEXT, 'transcript', 1);
  return ix;
}

const refs = (rs: { uri: string; index: number }[]): [string, number][] => rs.map((r) => [r.uri, r.index]);

describe('StudyIndex', function () {
  describe('documents', function () {
    it('returns the same entry, unparsed, for the same version and text', function () {
      const ix = new StudyIndex();
      const e1 = ix.setDocument(T1, T1_TEXT, 'transcript', 1);
      const transcript = e1.transcript;
      assert.equal(ix.setDocument(T1, T1_TEXT, 'transcript', 1), e1);
      assert.equal(ix.setDocument(T1, T1_TEXT, 'transcript'), e1, 'no version: the text decides');
      assert.equal(e1.transcript, transcript);
      const e2 = ix.setDocument(T1, `${T1_TEXT}\n`, 'transcript', 2);
      assert.notEqual(e2, e1);
      assert.notEqual(e2.transcript, transcript);
      assert.equal(ix.getDocument(T1), e2);
    });

    it('re-parses when the kind changes, and forgets removed documents', function () {
      const ix = study();
      assert.equal(ix.getCode('a')?.title, 'Theme A');
      ix.setDocument(CODEBOOK, CODEBOOK_TEXT, 'transcript', 1);
      assert.equal(ix.getCode('a'), undefined);
      assert.deepEqual(ix.codes(), []);
      ix.removeDocument(CODEBOOK);
      ix.removeDocument('file:///nowhere.md');
      assert.deepEqual(
        ix.documents().map((d) => d.uri),
        [T1, T2],
      );
      assert.deepEqual(ix.unitsOf(CODEBOOK), []);
    });

    it('lists documents in URI order, by kind', function () {
      const ix = study();
      assert.deepEqual(
        ix.documents('transcript').map((d) => d.uri),
        [T1, T2],
      );
      assert.deepEqual(
        ix.documents('codebook').map((d) => d.uri),
        [CODEBOOK],
      );
    });
  });

  describe('code tree', function () {
    const ix = study();

    it('has roots, children, subtrees and paths', function () {
      assert.deepEqual(ix.rootCodes(), ['a', 'b']);
      assert.deepEqual(ix.getCode('a')?.children, ['a1', 'a2']);
      assert.deepEqual(ix.getCode('b')?.children, ['b1', 'b2']);
      assert.equal(ix.getCode('a')?.uri, CODEBOOK);
      assert.equal(ix.getCode('a')?.color, '#111');
      assert.deepEqual(ix.subtree('a'), ['a', 'a1', 'a2']);
      assert.deepEqual(ix.subtree('nope'), ['nope']);
      assert.deepEqual(ix.path('a2'), ['a', 'a2']);
      assert.deepEqual(ix.path('a'), ['a']);
      assert.deepEqual(ix.path('zzz'), ['zzz']);
      assert.deepEqual(
        ix.codes().map((c) => c.id),
        ['a', 'a1', 'a2', 'b', 'b1', 'b2'],
      );
    });
  });

  describe('units', function () {
    const ix = study();

    it('finds units by code, with and without descendants, each unit once', function () {
      assert.deepEqual(refs(ix.unitsByCode('a1')), [
        [T1, 0],
        [T1, 1],
      ]);
      assert.deepEqual(refs(ix.unitsByCode('a')), [
        [T1, 1],
        [T2, 0],
      ]);
      assert.deepEqual(refs(ix.unitsByCode('a', true)), [
        [T1, 0],
        [T1, 1],
        [T1, 2],
        [T2, 0],
      ]);
      assert.deepEqual(refs(ix.unitsByCode('b', true)), [[T1, 4]]);
      assert.deepEqual(ix.unitsByCode('b2', true), []);
      assert.equal(ix.unitsByCode('a1')[0].unit.text, 'The quick "brown"   fox jumps over the lazy dog');
    });

    it('lists the units of one transcript', function () {
      assert.deepEqual(
        ix.unitsOf(T1).map((u) => u.codes),
        [['a1'], ['a', 'a1'], ['a2'], ['zzz'], ['b1']],
      );
      assert.deepEqual(ix.unitsOf('file:///nowhere.md'), []);
    });

    it('finds the innermost unit at a position', function () {
      assert.equal(ix.unitAt(T1, { line: 0, character: 72 })?.index, 2);
      assert.equal(ix.unitAt(T1, { line: 0, character: 66 })?.index, 1);
      assert.equal(ix.unitAt(T1, { line: 0, character: 10 })?.index, 0);
      assert.equal(ix.unitAt(T1, { line: 0, character: 4 })?.index, 0, 'at the opening bracket');
      assert.equal(ix.unitAt(T1, { line: 0, character: 60 }), undefined);
      assert.equal(ix.unitAt(T1, { line: 0, character: 3 }), undefined);
      assert.equal(ix.unitAt(T1, { line: 2, character: 16 })?.index, 3);
      assert.equal(ix.unitAt(CODEBOOK, { line: 0, character: 0 }), undefined);
    });

    it('finds the code written at a position in a transcript and in a codebook', function () {
      assert.deepEqual(ix.codeAt(T1, { line: 0, character: 88 }), { id: 'a1', range: R(0, 87, 0, 89), defined: true });
      assert.deepEqual(ix.codeAt(T1, { line: 2, character: 16 }), {
        id: 'zzz',
        range: R(2, 15, 2, 18),
        defined: false,
      });
      assert.equal(ix.codeAt(T1, { line: 0, character: 10 }), undefined);
      assert.deepEqual(ix.codeAt(CODEBOOK, { line: 2, character: 3 }), {
        id: 'a1',
        range: R(2, 12, 2, 14),
        defined: true,
      });
      assert.equal(ix.codeAt(CODEBOOK, { line: 4, character: 2 }), undefined);
      assert.equal(ix.codeAt('file:///nowhere.md', { line: 0, character: 0 }), undefined);
    });

    it("finds a nested unit's code when the enclosing span's attributes come lines later", function () {
      const wrapped = new StudyIndex();
      wrapped.setDocument(T1, '[a\n[b]{.y}\nc]{.x}', 'transcript');
      assert.deepEqual(wrapped.codeAt(T1, { line: 1, character: 5 }), {
        id: 'y',
        range: R(1, 5, 1, 6),
        defined: false,
      });
      assert.deepEqual(wrapped.codeAt(T1, { line: 2, character: 5 }), {
        id: 'x',
        range: R(2, 4, 2, 5),
        defined: false,
      });
    });
  });

  describe('counts', function () {
    it('counts units (descendants included, once), direct units, transcripts and speakers', function () {
      const ix = study();
      assert.deepEqual(ix.counts('a'), { units: 4, directUnits: 2, transcripts: 2, speakers: 2 });
      assert.deepEqual(ix.counts('a1'), { units: 2, directUnits: 2, transcripts: 1, speakers: 1 });
      assert.deepEqual(ix.counts('a2'), { units: 1, directUnits: 1, transcripts: 1, speakers: 1 });
      assert.deepEqual(ix.counts('b'), { units: 1, directUnits: 0, transcripts: 1, speakers: 1 });
      assert.deepEqual(ix.counts('b2'), { units: 0, directUnits: 0, transcripts: 0, speakers: 0 });
      assert.deepEqual(ix.counts('zzz'), { units: 1, directUnits: 1, transcripts: 1, speakers: 1 });
      assert.deepEqual(ix.counts('nope'), { units: 0, directUnits: 0, transcripts: 0, speakers: 0 });
      assert.deepEqual(
        ix.unusedCodes().map((c) => c.id),
        ['b2'],
      );
    });

    it('follows changes', function () {
      const ix = study();
      assert.equal(ix.counts('a').units, 4);
      ix.removeDocument(T2);
      assert.deepEqual(ix.counts('a'), { units: 3, directUnits: 1, transcripts: 1, speakers: 1 });
      ix.setDocument(T2, 'P9: [x]{.b2}', 'transcript', 2);
      assert.deepEqual(ix.unusedCodes(), []);
      assert.deepEqual(ix.counts('b'), { units: 2, directUnits: 0, transcripts: 2, speakers: 2 });
    });
  });

  describe('golden quotes', function () {
    it('finds quotes despite typographic quotes, spacing, case and omissions; else names the closest unit', function () {
      const ix = study();
      const p = ix.quoteProvenance();
      assert.deepEqual(
        p.map((q) => [q.quote.text, q.uri, refs(q.matches), q.closest ? [q.closest.uri, q.closest.index] : null]),
        [
          ['the quick “brown” fox ... the lazy dog', CODEBOOK, [[T1, 0]], null],
          ['The quick brown cat leaps', CODEBOOK, [], [T1, 0]],
          ['nothing like anything', CODEBOOK, [], null],
        ],
      );
    });

    it('does not find a quote in units of another code', function () {
      const ix = study();
      ix.setDocument(T1, 'P1: [The quick brown cat leaps]{.b1}', 'transcript', 2);
      assert.equal(ix.quoteProvenance()[1].matches.length, 0);
      ix.setDocument(T1, 'P1: [The quick brown cat leaps]{.a1}', 'transcript', 3);
      assert.equal(ix.quoteProvenance()[1].matches.length, 1);
    });
  });

  describe('diagnostics', function () {
    it('reports unknown codes in transcripts', function () {
      const ix = study();
      const ds = ix.diagnostics(T1);
      assert.deepEqual(brief(ds), [{ code: 'unknown-code', severity: 'error', range: R(2, 15, 2, 18) }]);
      assert.deepEqual(ds[0].data, { id: 'zzz' });
      assert.deepEqual(ix.diagnostics(T2), []);
      assert.deepEqual(ix.diagnostics('file:///nowhere.md'), []);
    });

    it('reports no unknown codes while the study has no codebook', function () {
      const ix = new StudyIndex();
      ix.setDocument(T1, T1_TEXT, 'transcript');
      assert.deepEqual(ix.diagnostics(T1), []);
    });

    it('reports unused codes and quotes not found in the codebook', function () {
      const ix = study();
      const ds = ix.diagnostics(CODEBOOK);
      assert.deepEqual(brief(ds), [
        { code: 'quote-not-found', severity: 'warning', range: R(8, 0, 8, 32) },
        { code: 'quote-not-found', severity: 'warning', range: R(10, 0, 10, 28) },
        { code: 'unused-code', severity: 'information', range: R(18, 12, 18, 14) },
      ]);
      assert.deepEqual(ds[0].data, {
        id: 'a1',
        closest: 'The quick "brown"   fox jumps over the lazy dog',
        uri: T1,
        range: R(0, 5, 0, 52),
      });
      assert.match(ds[0].message, /closest unit says: "The quick "brown" fox jumps over the lazy dog"/);
      assert.deepEqual(ds[1].data, { id: 'a1' });
    });

    it('reports a code defined in two codebook files on the later one only', function () {
      const ix = study();
      ix.setDocument(MORE, '# Again {#a}\n\n# New {#n}', 'codebook', 1);
      assert.equal(ix.getCode('a')?.title, 'Theme A');
      assert.equal(ix.getCode('n')?.uri, MORE);
      assert.deepEqual(ix.rootCodes(), ['a', 'b', 'n']);
      assert.deepEqual(brief(ix.diagnostics(MORE)), [
        { code: 'duplicate-code', severity: 'error', range: R(0, 10, 0, 11) },
        { code: 'unused-code', severity: 'information', range: R(2, 8, 2, 9) },
      ]);
      assert.equal(
        ix.diagnostics(CODEBOOK).some((d) => d.code === 'duplicate-code'),
        false,
      );
      ix.removeDocument(MORE);
      assert.equal(ix.getCode('n'), undefined);
    });

    it('reports each duplicate once, in its own file, when three files define a code', function () {
      const ix = new StudyIndex();
      for (const name of ['a', 'b', 'c']) ix.setDocument(`file:///s/${name}.md`, `# ${name} {#same}`, 'codebook');
      assert.deepEqual(brief(ix.diagnostics('file:///s/a.md')), []);
      for (const name of ['b', 'c']) {
        assert.deepEqual(
          brief(ix.diagnostics(`file:///s/${name}.md`)),
          [{ code: 'duplicate-code', severity: 'error', range: R(0, 6, 0, 10) }],
          name,
        );
      }
    });
  });

  describe('incremental updates', function () {
    const POOL: Record<string, [string, DocumentKind][]> = {
      [CODEBOOK]: [
        [CODEBOOK_TEXT, 'codebook'],
        ['# A {#a}\n\n## A1 {#a1}\n\n### Quotes\n\n> only a (P1)', 'codebook'],
        ['# B again {#b}\n\n## C {#c}', 'codebook'],
      ],
      [MORE]: [
        ['# Again {#a}\n\n# New {#n}', 'codebook'],
        ['# C {#c}\n\n## D {#d}', 'codebook'],
        [T2_TEXT, 'transcript'],
      ],
      [T1]: [
        [T1_TEXT, 'transcript'],
        ['P1: [x [y]{.c}]{.a1 .d}\n\n[z]{.n}', 'transcript'],
        ['', 'transcript'],
      ],
      [T2]: [
        [T2_TEXT, 'transcript'],
        ['P2: [only a]{.a}\n\nP3: [b]{.b2}', 'transcript'],
        ['# Z {#z}', 'codebook'],
      ],
    };
    const URIS = Object.keys(POOL);

    /** Everything a feature can ask, as plain data. */
    function snapshot(ix: StudyIndex): unknown {
      const ids = [...new Set([...ix.codes().map((c) => c.id), ...ix.allCounts().keys()])].sort();
      return {
        docs: ix.documents().map((d) => [d.uri, d.kind, d.text]),
        codes: ix.codes().map((c) => [c.id, c.parent, c.depth, c.uri, c.children]),
        roots: ix.rootCodes(),
        counts: ids.map((id) => [id, ix.counts(id)]),
        units: ids.map((id) => [id, refs(ix.unitsByCode(id)), refs(ix.unitsByCode(id, true))]),
        unused: ix.unusedCodes().map((c) => c.id),
        quotes: ix
          .quoteProvenance()
          .map((p) => [p.uri, p.quote.text, refs(p.matches), p.closest ? [p.closest.uri, p.closest.index] : null]),
        diagnostics: URIS.map((u) => [u, ix.diagnostics(u)]),
      };
    }

    type Op =
      | { set: true; uri: string; variant: number; version: number | null }
      | { set: false; uri: string }
      | { query: true };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        set: fc.constant(true as const),
        uri: fc.constantFrom(...URIS),
        variant: fc.nat(2),
        version: fc.option(fc.nat(3), { nil: null }),
      }),
      fc.record({ set: fc.constant(false as const), uri: fc.constantFrom(...URIS) }),
      fc.record({ query: fc.constant(true as const) }),
    );

    it('after any sequence of updates answers like a fresh index of the final documents', function () {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
          const ix = new StudyIndex();
          for (const o of ops) {
            if ('query' in o)
              snapshot(ix); // fills the caches the next update must invalidate
            else if (o.set) {
              const [text, kind] = POOL[o.uri][o.variant];
              ix.setDocument(o.uri, text, kind, o.version);
            } else ix.removeDocument(o.uri);
          }
          const fresh = new StudyIndex();
          for (const d of [...ix.documents()].reverse()) fresh.setDocument(d.uri, d.text, d.kind);
          assert.deepEqual(snapshot(ix), snapshot(fresh));
        }),
        { numRuns: 150 },
      );
    });
  });
});

describe('StudyIndex.usedCodes', () => {
  it('holds exactly the codes whose counts have units, on generated studies', () => {
    const book = [
      '# Theme {#t}\n\n## Sub {#s}\n\n### Deep {#d}\n\n# Other {#o}\n\n## Leaf {#l}\n\n# Lone {#n}\n',
      '# A {#a}\n\n## B {#b}\n',
    ];
    const names = ['t', 's', 'd', 'o', 'l', 'n', 'a', 'b', 'unknown', 'x-y'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.array(fc.constantFrom(...names), { maxLength: 3 }), { maxLength: 6 }), { maxLength: 4 }),
        fc.boolean(),
        (files, second) => {
          const index = new StudyIndex();
          index.setDocument('file:///s/codebook.md', book[0], 'codebook');
          if (second) index.setDocument('file:///s/more.md', book[1], 'codebook');
          files.forEach((units, k) => {
            const text = units
              .map((codes) => (codes.length ? `[w]{${codes.map((c) => `.${c}`).join(' ')}}` : '[w]'))
              .join(' ');
            index.setDocument(`file:///s/t${k}.md`, `${text}\n`, 'transcript');
          });
          const counts = index.allCounts();
          const want = [...counts.entries()]
            .filter(([, c]) => c.units > 0)
            .map(([id]) => id)
            .sort();
          assert.deepEqual([...index.usedCodes()].sort(), want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
