/**
 * LSP level: the diagnostics the server pushes, with exact ranges and messages, and how
 * they follow edits (debounced), across files (a transcript's unit makes a codebook
 * code used), and back to the disk on close.
 */
import * as assert from 'node:assert/strict';
import { startSession, type TestSession } from './harness';
import {
  brief,
  CODEBOOK,
  codesAt,
  makeStudy,
  OpenDocument,
  R,
  T1,
  T2,
  untilCodes,
  startFixture,
  type FixtureSession,
} from './fixture';

describe('LSP: diagnostics', () => {
  let session: TestSession;
  let t1: string;
  let t2: string;
  let cb: string;
  let fixture: FixtureSession;
  beforeEach(async () => {
    fixture = await startFixture();
    ({ session, t1, t2, cb } = fixture);
    await untilCodes(session, t1, ['uncoded-unit', 'unknown-code']);
  });
  afterEach(() => fixture.dispose());

  it("publishes the fixture's problems with exact ranges, severities and messages", async () => {
    await untilCodes(session, cb, ['quote-not-found', 'unused-code']);
    assert.deepEqual(session.diagnostics.get(t1), [
      {
        range: R(14, 9, 14, 23),
        severity: 4,
        code: 'uncoded-unit',
        source: 'condense',
        message: 'Meaning unit not yet sorted into a code: add one, e.g. `{.code}`.',
      },
      {
        range: R(14, 41, 14, 48),
        severity: 1,
        code: 'unknown-code',
        source: 'condense',
        message:
          'Unknown code `benfits`: no codebook heading defines it. Add a heading such as `## Title {#benfits}` to the codebook, or fix the spelling.',
        data: { id: 'benfits' },
      },
    ]);
    assert.deepEqual(session.diagnostics.get(cb), [
      {
        range: R(16, 0, 16, 53),
        severity: 2,
        code: 'quote-not-found',
        source: 'condense',
        message:
          'This golden quote is not found in any meaning unit coded `facilitate` or its subcodes. The closest unit says: "we worked for a year"',
        data: { id: 'facilitate', closest: 'we worked for a year', uri: t1, range: R(4, 15, 4, 35) },
      },
      {
        range: R(30, 12, 30, 18),
        severity: 3,
        code: 'unused-code',
        source: 'condense',
        message: 'No meaning unit is coded `unused` yet (nor any of its subcodes).',
        data: { id: 'unused' },
      },
    ]);
    assert.equal(session.diagnostics.has(t2), false, 'nothing is published for a file without problems');
  });

  it('follows edits, debounced: a fixed problem disappears, and an empty list is sent at the end', async () => {
    const doc = await new OpenDocument(session, t1, T1).open();
    const started = Date.now();
    await doc.edit('{.benfits}', '{.benefits}');
    // Debounced: the old list stands until the timer fires.
    assert.deepEqual(codesAt(session, t1), ['uncoded-unit', 'unknown-code']);
    await untilCodes(session, t1, ['uncoded-unit']);
    assert.ok(Date.now() - started >= 100, 'published after the debounce delay');
    await doc.edit('[Not sorted yet]{}', '[Not sorted yet]{.shift}');
    await untilCodes(session, t1, []);
    assert.deepEqual(session.diagnostics.get(t1), []);
    // A burst of edits is published once, with the last state.
    const before = session.diagnostics.get(t1);
    await doc.edit('[Not sorted yet]{.shift}', '[Not sorted yet]{.a}');
    await doc.edit('{.a}', '{.b}');
    await doc.edit('{.b}', '{.c}');
    await untilCodes(session, t1, ['unknown-code']);
    assert.notEqual(session.diagnostics.get(t1), before);
    assert.deepEqual(brief(session.diagnostics.get(t1)), [
      { code: 'unknown-code', severity: 1, range: R(14, 26, 14, 27) },
    ]);
  });

  it('updates the codebook when a transcript uses a code or holds a quote, and back on close', async () => {
    await untilCodes(session, cb, ['quote-not-found', 'unused-code']);
    const doc = await new OpenDocument(session, t2, T2).open();
    await doc.edit(
      'Emoji first]',
      'Emoji first and [we worked for two long years before hiring]{.facilitate .unused}]',
    );
    await untilCodes(session, cb, []);
    await doc.close();
    await untilCodes(session, cb, ['quote-not-found', 'unused-code']);
    assert.deepEqual(brief(session.diagnostics.get(cb)), [
      { code: 'quote-not-found', severity: 2, range: R(16, 0, 16, 53) },
      { code: 'unused-code', severity: 3, range: R(30, 12, 30, 18) },
    ]);
  });

  it('re-checks every transcript when the codebook changes', async () => {
    const doc = await new OpenDocument(session, cb, CODEBOOK).open();
    await doc.edit('## Benefits {#benefits}', '## Benefits {#benfits}');
    await untilCodes(session, t2, ['unknown-code', 'unknown-code']);
    assert.deepEqual(brief(session.diagnostics.get(t2)), [
      { code: 'unknown-code', severity: 1, range: R(0, 26, 0, 34) },
      { code: 'unknown-code', severity: 1, range: R(3, 24, 3, 32) },
    ]);
    await untilCodes(session, t1, ['unknown-code', 'uncoded-unit']);
    assert.deepEqual(
      brief(session.diagnostics.get(t1)).map((d) => d.range),
      [R(6, 37, 6, 45), R(14, 9, 14, 23)],
    );
    // The golden quote of the renamed code is no longer under a code any unit uses.
    await untilCodes(session, cb, ['quote-not-found', 'quote-not-found', 'unused-code']);
    await doc.close();
    await untilCodes(session, t2, []);
  });

  it('reports structural problems of a transcript, each with its exact range', async () => {
    const doc = await new OpenDocument(session, t1, '').open();
    await doc.replace(
      0,
      0,
      [
        '---', // 0
        'title: [unclosed', // 1
        '---', // 2
        '', // 3
        '**P1:** [never closed and more.', // 4
        '', // 5
        '**P2:** stray]{.shift} here.', // 6
        '', // 7
        '**P3:** []{.shift} and [x]{.1x}.', // 8
        '', // 9
        '::: {.valued}', // 10
        'no close', // 11
        '',
      ].join('\n'),
    );
    await untilCodes(session, t1, [
      'bad-front-matter',
      'unclosed-unit',
      'unclosed-unit',
      'empty-unit',
      'bad-attributes',
      'unclosed-div',
    ]);
    assert.deepEqual(brief(session.diagnostics.get(t1)), [
      { code: 'bad-front-matter', severity: 2, range: R(2, 0, 2, 3) },
      { code: 'unclosed-unit', severity: 2, range: R(4, 8, 4, 9) },
      { code: 'unclosed-unit', severity: 1, range: R(6, 13, 6, 22) },
      { code: 'empty-unit', severity: 2, range: R(8, 8, 8, 18) },
      { code: 'bad-attributes', severity: 1, range: R(8, 27, 8, 28) },
      { code: 'unclosed-div', severity: 1, range: R(10, 0, 10, 13) },
    ]);
    assert.equal(
      session.diagnostics.get(t1)?.[4].message,
      'Not a meaning unit: expected a code name after `.` (a letter, then letters, digits, - _ : or .).',
    );
    // Every unit is gone from the file, so the codebook's counts changed too.
    await untilCodes(session, cb, ['quote-not-found', 'quote-not-found', 'unused-code', 'unused-code']);
  });

  it('reports a duplicate code in the codebook', async () => {
    const doc = await new OpenDocument(session, cb, CODEBOOK).open();
    await doc.edit('## Unused {#unused}', '## Unused {#benefits}');
    await untilCodes(session, cb, ['quote-not-found', 'duplicate-code']);
    assert.deepEqual(session.diagnostics.get(cb)?.[1], {
      range: R(30, 12, 30, 20),
      severity: 1,
      code: 'duplicate-code',
      source: 'condense',
      message: 'The code `benefits` is already defined on line 19 ("Benefits"). Give this one another id.',
      data: { id: 'benefits' },
    });
  });

  it('reports a broken condense.json as bad-config and uses the defaults', async () => {
    const broken = makeStudy({
      'condense.json': '{"codebook": 3, "colour": "red"}\n',
      'codebook.md': '# A {#a}\n',
      'x.md': '[t]{.a}\n',
    });
    const s = await startSession(broken);
    try {
      const config = broken.uri('condense.json');
      await untilCodes(s, config, ['bad-config', 'bad-config']);
      assert.deepEqual(
        s.diagnostics.get(config)?.map((d) => [d.severity, d.range, d.message]),
        [
          [
            2,
            R(0, 16, 0, 24),
            'Unknown setting "colour" in condense.json (known: codebook, transcripts, sections, speakerPattern, maxFileSize, identifiers, identifierHints).',
          ],
          [1, R(0, 1, 0, 11), '"codebook" should be a path or glob, or a non-empty list of them; using the default.'],
        ],
      );
      // The defaults stand in: codebook.md is the codebook and x.md a transcript.
      assert.deepEqual(
        await s.client
          .sendRequest('condense/unitsOfCode', { uri: broken.uri('x.md'), code: 'a' })
          .then((u) => (u as unknown[]).length),
        1,
      );
    } finally {
      s.dispose();
      broken.cleanup();
    }
  });
});
