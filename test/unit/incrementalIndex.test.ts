/**
 * The index's incremental upkeep: after any sequence of edits, removals and codebook
 * changes, the counts, golden quote provenance and diagnostics equal those of an index
 * built afresh from the same files (the oracle), and a transcript edit recomputes only
 * that file's share of the counts.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { walkAtOnce } from '../../server/src/core/fileWalk';
import { StudyIndex, type DocumentKind } from '../../server/src/core/studyIndex';

const CODES = ['shift', 'facilitate', 'benefits', 'valued', 'typo'];
const SPEAKERS = ['P1', 'P2', 'P3'];
const WORDS = ['we worked', 'for a year', 'new knowledge', 'feel valued', 'here 😀', 'e\u0301te\u0301'];

const codebook = fc
  .array(
    fc.tuple(
      fc.constantFrom(...CODES.slice(0, 4)),
      fc.constantFrom('#', '##'),
      fc.constantFrom(...WORDS),
      fc.boolean(),
    ),
    { maxLength: 5 },
  )
  .map((codes) =>
    codes
      .map(
        ([id, level, quote, withQuote]) =>
          `${level} ${id} {#${id}}\n\nAbout ${id}.\n${withQuote ? `\n### Quotes\n\n> ${quote} (T1, P1)\n` : ''}`,
      )
      .join('\n'),
  );

const transcript = fc
  .array(fc.tuple(fc.constantFrom(...SPEAKERS), fc.constantFrom(...WORDS), fc.subarray(CODES, { maxLength: 3 })), {
    maxLength: 6,
  })
  .map((units) =>
    units.map(([sp, words, codes]) => `**${sp}:** [${words}]{${codes.map((c) => `.${c}`).join(' ')}}\n`).join('\n'),
  );

const step = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    file: fc.constantFrom('a', 'b', 'c'),
    text: transcript,
    crlf: fc.boolean(),
  }),
  fc.record({ op: fc.constant('remove' as const), file: fc.constantFrom('a', 'b', 'c', 'codebook') }),
  fc.record({ op: fc.constant('codebook' as const), text: codebook }),
  // An edit of the codebook's text that may leave its codes as they were: a line added above
  // (every range moves), a description or a quote reworded, a code moved under another.
  fc.record({
    op: fc.constant('touch' as const),
    how: fc.constantFrom('line above', 'description', 'quote', 'subcode', 'theme'),
  }),
);

/** The codebook `text` after a small edit (see the `touch` step). */
function touch(text: string, how: string): string {
  if (how === 'line above') return `\n${text}`;
  if (how === 'description') return text.replace(/About (\w+)\./, 'All about $1.');
  if (how === 'quote')
    return text.replace(
      /^> (.*?) \(T1, P1\)$/m,
      (_, q: string) => `> ${q === WORDS[0] ? WORDS[1] : WORDS[0]} (T1, P1)`,
    );
  if (how === 'subcode') return text.replace(/^# /m, '## ');
  return text.replace(/^## /m, '# ');
}

function fresh(files: Map<string, { text: string; kind: DocumentKind }>): StudyIndex {
  const index = new StudyIndex();
  for (const [uri, f] of files) index.setDocument(uri, f.text, f.kind);
  return index;
}

/** What the counts, quotes and diagnostics say, in a comparable form. */
function summary(index: StudyIndex): unknown {
  return {
    counts: [...index.allCounts()].sort(([a], [b]) => (a < b ? -1 : 1)),
    quotes: index.quoteProvenance().map((p) => ({
      quote: p.quote.text,
      code: p.quote.code,
      range: p.quote.range,
      matches: p.matches.map((m) => [m.uri, m.index]),
      closest: p.closest?.index,
    })),
    diagnostics: index.documents().map((d) => [d.uri, index.diagnostics(d.uri)]),
  };
}

/** Every transcript's diagnostics. */
function transcriptDiagnostics(index: StudyIndex): unknown {
  return index.documents('transcript').map((d) => [d.uri, index.diagnostics(d.uri)]);
}

describe('index: incremental counts and quotes', () => {
  it('equal an index built afresh after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(step, fc.boolean()), { maxLength: 12 }),
        fc.boolean(),
        async (steps, prepare) => {
          const index = new StudyIndex();
          const files = new Map<string, { text: string; kind: DocumentKind }>();
          for (const [s, ask] of steps) {
            if (s.op === 'set') {
              const text = s.crlf ? s.text.replace(/\n/g, '\r\n') : s.text;
              files.set(`file:///s/${s.file}.md`, { text, kind: 'transcript' });
              index.setDocument(`file:///s/${s.file}.md`, text, 'transcript');
            } else if (s.op === 'codebook' || s.op === 'touch') {
              const prior = files.get('file:///s/codebook.md');
              if (s.op === 'touch' && !prior) continue;
              const text = s.op === 'codebook' ? s.text : touch(prior?.text ?? '', s.how);
              // What the language server relies on to publish the codebook alone: while the
              // codes defined stay the same, no transcript's diagnostics change.
              const defined = index.definedCodesVersion;
              const before = transcriptDiagnostics(index);
              files.set('file:///s/codebook.md', { text, kind: 'codebook' });
              index.setDocument('file:///s/codebook.md', text, 'codebook');
              if (index.definedCodesVersion === defined) assert.deepEqual(transcriptDiagnostics(index), before);
            } else {
              files.delete(`file:///s/${s.file}.md`);
              index.removeDocument(`file:///s/${s.file}.md`);
            }
            // Asked after some steps and not others, so that both the running sums and a full
            // recount are exercised, and edits follow each other with nothing asked in between.
            if (prepare) await index.prepare(walkAtOnce);
            if (ask) assert.deepEqual(summary(index), summary(fresh(files)));
          }
          assert.deepEqual(summary(index), summary(fresh(files)));
        },
      ),
      { numRuns: 600, seed: 10 },
    );
  });

  it('drops the quotes of a code a transcript no longer uses, right after a codebook edit', () => {
    const index = new StudyIndex();
    const book = (about: string): string => `# Shift {#shift}\n\n${about}\n\n### Quotes\n\n> we worked (T1, P1)\n`;
    index.setDocument('file:///s/codebook.md', book('About shift.'), 'codebook');
    index.setDocument('file:///s/t1.md', '**P1:** [we worked]{.shift}\n', 'transcript');
    assert.equal(index.quoteProvenance()[0].matches.length, 1);
    // A codebook edit that keeps the codes, then at once (nothing asked in between) an edit
    // of the transcript that takes the unit away: the quote's match goes with it.
    index.setDocument('file:///s/codebook.md', book('All about shift.'), 'codebook');
    index.setDocument('file:///s/t1.md', '**P1:** [we worked]{.other}\n', 'transcript');
    assert.deepEqual(
      index.quoteProvenance().map((p) => p.matches.length),
      [0],
    );
  });

  it('tells when the codes a codebook defines change (what transcripts read of it)', () => {
    const index = new StudyIndex();
    const v = (): number => index.definedCodesVersion;
    const start = v();
    index.setDocument('file:///s/t1.md', '**P1:** [a]{.shift}\n', 'transcript');
    assert.equal(v(), start);
    // A first codebook, even without codes: every code used becomes unknown.
    index.setDocument('file:///s/codebook.md', 'Notes only.\n', 'codebook');
    const first = v();
    assert.notEqual(first, start);
    index.setDocument('file:///s/codebook.md', '# Shift {#shift}\n', 'codebook');
    const defined = v();
    assert.notEqual(defined, first);
    // A description, a title, a quote: the same codes.
    for (const text of [
      '# Shift {#shift}\n\nAbout it.\n',
      '# Shifting {#shift}\n\nAbout it.\n\n### Quotes\n\n> a (T1, P1)\n',
    ]) {
      index.setDocument('file:///s/codebook.md', text, 'codebook');
      assert.equal(v(), defined, text);
    }
    index.setDocument('file:///s/codebook.md', '# Shifting {#shift}\n\n# Other {#other}\n', 'codebook');
    const added = v();
    assert.notEqual(added, defined, 'a code added');
    index.setDocument('file:///s/codebook.md', '# Other {#other}\n\n## Shifting {#shift}\n', 'codebook');
    assert.equal(v(), added, 'a code moved under another: the same codes');
    index.removeDocument('file:///s/codebook.md');
    assert.notEqual(v(), added, 'no codebook');
  });

  it('recounts only the edited transcript', async () => {
    const index = new StudyIndex();
    index.setDocument('file:///s/codebook.md', '# Shift {#shift}\n\n## Facilitate {#facilitate}\n', 'codebook');
    for (let k = 0; k < 50; k++)
      index.setDocument(`file:///s/t${k}.md`, `**P1:** [a]{.facilitate}\n\n**P2:** [b]{.shift}\n`, 'transcript');
    /** Brings the counts up to date; returns how many files that walked. */
    const walked = async (): Promise<number> => {
      let n = 0;
      await index.prepare((items, visit) => {
        n += items.length;
        return walkAtOnce(items, visit);
      });
      return n;
    };
    assert.equal(await walked(), 50);
    assert.deepEqual(index.counts('shift'), { units: 100, directUnits: 50, transcripts: 50, speakers: 100 });
    const before = index.documents('transcript').map((d) => d.counts);
    index.setDocument('file:///s/t7.md', `**P1:** [a]{.facilitate}\n`, 'transcript');
    assert.equal(await walked(), 0, 'the running sums are up to date: no file is walked');
    assert.deepEqual(index.counts('shift'), { units: 99, directUnits: 49, transcripts: 50, speakers: 99 });
    const after = index.documents('transcript').map((d) => d.counts);
    assert.equal(after.filter((c, k) => c !== before[k]).length, 1, 'one file share recomputed');
    // A codebook edit that leaves every code's parent as it was (a description written) recounts nothing.
    index.setDocument(
      'file:///s/codebook.md',
      '# Shift {#shift}\n\nWhat shifted.\n\n## Facilitate {#facilitate}\n',
      'codebook',
    );
    assert.equal(await walked(), 0, 'the same hierarchy: no file is walked');
    assert.deepEqual(index.counts('shift'), { units: 99, directUnits: 49, transcripts: 50, speakers: 99 });
    // One that makes the subcode a theme of its own recounts every file.
    index.setDocument('file:///s/codebook.md', '# Shift {#shift}\n\n# Facilitate {#facilitate}\n', 'codebook');
    assert.equal(await walked(), 50);
    assert.deepEqual(index.counts('shift'), { units: 49, directUnits: 49, transcripts: 49, speakers: 49 });
  });
});
