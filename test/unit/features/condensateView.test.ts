import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildCondensateView, unitInfo, unitsOfCode } from '../../../server/src/features/condensateView';
import { loadStudy } from '../../../server/src/node/loadStudy';
import { BOOK, R, study, T } from './util';

const CODEBOOK = [
  '# Shift {#shift color="#4e79a7"}', // 0
  '',
  'About the shift.',
  '',
  '## Facilitate {#facilitate}', // 4
  '',
  'How managers prepare.',
  '',
  '### Condensate', // 8
  '',
  'We prepared.',
  '',
  '### Quotes', // 12
  '',
  '> we worked hard (FG1, P1)', // 14
  '',
  '> said nobody at all', // 16
  '',
  '### Synthesis', // 18
  '',
  'Managers prepared.',
  '',
  '### Condensate', // 22
  '',
  'And more.',
  '',
  '#### Deep {#deep}', // 26
  '',
].join('\n');

const A =
  '---\ntitle: Focus group 1\n---\n\n**P1:** [We worked hard]{#mu-1 .facilitate note="key"} and [said nobody]{.deep}.\n\n**P2:** [Other]{.shift} [loose]{}\n';
const B = '---\ntitle: [not, a, string]\n---\n\n**P3:** [More work]{.facilitate}\n';

describe('condensate view', () => {
  const index = study(CODEBOOK, { a: A, b: B });

  it('describes a unit for the client, leaving out what it does not have', () => {
    const [u1, , u3] = index.unitsOf(T('a'));
    assert.deepEqual(unitInfo(T('a'), u1), {
      uri: T('a'),
      range: R(4, 8, 4, 54),
      contentRange: R(4, 9, 4, 23),
      text: 'We worked hard',
      codes: ['facilitate'],
      id: 'mu-1',
      speaker: 'P1',
      note: 'key',
    });
    assert.deepEqual(unitInfo(T('a'), u3), {
      uri: T('a'),
      range: R(6, 8, 6, 23),
      contentRange: R(6, 9, 6, 14),
      text: 'Other',
      codes: ['shift'],
      speaker: 'P2',
    });
  });

  it('lists the units of a code, with descendants, by transcript, and the uncoded ones', () => {
    const texts = (xs: { text: string }[]): string[] => xs.map((x) => x.text);
    assert.deepEqual(texts(unitsOfCode(index, 'facilitate')), ['We worked hard', 'More work']);
    assert.deepEqual(texts(unitsOfCode(index, 'facilitate', { descendants: true })), [
      'We worked hard',
      'said nobody',
      'More work',
    ]);
    assert.deepEqual(texts(unitsOfCode(index, 'facilitate', { descendants: true, transcript: T('b') })), ['More work']);
    assert.deepEqual(texts(unitsOfCode(index, 'shift', { descendants: true })), [
      'We worked hard',
      'said nobody',
      'Other',
      'More work',
    ]);
    assert.deepEqual(texts(unitsOfCode(index, '')), ['loose']);
    assert.deepEqual(texts(unitsOfCode(index, '', { transcript: T('b') })), []);
    assert.deepEqual(unitsOfCode(index, 'nope'), []);
  });

  it('builds the view of a code', () => {
    const view = buildCondensateView(index, 'facilitate', (uri) => uri.replace('file:///s/', ''));
    assert.ok(view);
    const u = index.unitsOf(T('a'));
    const ub = index.unitsOf(T('b'));
    assert.deepEqual(view, {
      id: 'facilitate',
      title: 'Facilitate',
      color: '#4e79a7',
      path: [
        { id: 'shift', title: 'Shift' },
        { id: 'facilitate', title: 'Facilitate' },
      ],
      description: 'How managers prepare.',
      condensate: 'We prepared.\n\nAnd more.',
      synthesis: 'Managers prepared.',
      quotes: [
        {
          text: 'we worked hard',
          attribution: 'FG1, P1',
          range: R(14, 0, 14, 26),
          found: true,
          source: unitInfo(T('a'), u[0]),
        },
        { text: 'said nobody at all', range: R(16, 0, 16, 20), found: false, closest: unitInfo(T('a'), u[1]) },
      ],
      groups: [
        { uri: T('a'), path: 'a.md', title: 'Focus group 1', units: [unitInfo(T('a'), u[0]), unitInfo(T('a'), u[1])] },
        { uri: T('b'), path: 'b.md', units: [unitInfo(T('b'), ub[0])] },
      ],
      counts: { units: 3, transcripts: 2, speakers: 2 },
      uri: BOOK,
      range: R(4, 0, 4, 27),
    });
  });

  it('gives empty bodies and no colour where there are none, and null for an unknown code', () => {
    const view = buildCondensateView(study('# Bare {#bare}\n'), 'bare', (u) => u);
    assert.deepEqual(
      view && {
        condensate: view.condensate,
        synthesis: view.synthesis,
        quotes: view.quotes,
        groups: view.groups,
        color: view.color,
        description: view.description,
      },
      { condensate: '', synthesis: '', quotes: [], groups: [], color: undefined, description: '' },
    );
    assert.equal(
      buildCondensateView(index, 'nope', (u) => u),
      null,
    );
  });

  it('finds every golden quote of the sample study', () => {
    const loaded = loadStudy(path.join(__dirname, '../../../sample'));
    for (const code of loaded.index.codes()) {
      const view = buildCondensateView(loaded.index, code.id, loaded.relPath);
      assert.ok(view);
      for (const q of view.quotes) assert.ok(q.found && q.source, `${code.id}: ${q.text}`);
      assert.equal(
        view.groups.reduce((n, g) => n + g.units.length, 0),
        view.counts.units,
        code.id,
      );
      for (const g of view.groups) assert.match(g.path, /^transcripts\/fg\d\.md$/);
    }
  });
});
