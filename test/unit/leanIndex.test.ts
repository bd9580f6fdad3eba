/**
 * The lean unit representation (issue 11): units in columns, made on demand. The oracle
 * is the object path the index still has for a transcript without a table (a plain copy
 * of the same parse): counts, units by code, unknown codes, golden quotes and the units
 * themselves must be the same either way. Also: the closest-quote scorer against
 * similarityAbove, the normalisation's fast path against the full chain, and a packed
 * parse that crosses a thread boundary.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Transcript } from '../../server/src/core/model';
import {
  fragmentsMatch,
  normalizeForQuote,
  quoteFragments,
  similarityAbove,
  similarityScorer,
} from '../../server/src/core/quotes';
import { parseTranscript } from '../../server/src/core/transcript';
import { parsePacked, unpackTranscript } from '../../server/src/core/transcriptTransfer';
import { LineIndex } from '../../server/src/core/lineIndex';
import { StudyIndex } from '../../server/src/core/studyIndex';
import { studyDiagnosticsJson, studyModel, unitCount } from '../../server/src/core/studyModel';
import { document, Gen, prng } from './support/grammar';

/** The same parse as plain data: `units` and `turns` read once, no table. */
function plain(t: Transcript): Transcript {
  return { ...t };
}

const CODEBOOK = [
  '# Shift {#shift}',
  '',
  '### Quotes',
  '',
  '> we had worked (T1, P1)',
  '',
  '> nothing like this at all in any unit',
  '',
  '> had worked we peer with had',
  '',
  '## Facilitate {#facilitate}',
  '',
  '### Quotes',
  '',
  '> peer ... with',
  '',
  '# Benefits {#benefits}',
  '',
].join('\n');

function indexOf(texts: string[], lean: boolean): StudyIndex {
  const index = new StudyIndex();
  index.setDocument('file:///s/codebook.md', CODEBOOK, 'codebook');
  texts.forEach((text, k) => {
    const lines = new LineIndex(text);
    const t = parseTranscript(text, {}, lines);
    index.setDocument(`file:///s/t${k}.md`, text, 'transcript', null, { transcript: lean ? t : plain(t), lines });
  });
  return index;
}

const texts = fc
  .array(fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), crlf: fc.boolean(), bom: fc.boolean() }), {
    minLength: 1,
    maxLength: 4,
  })
  .map((docs) => docs.map((d) => `${d.bom ? '\ufeff' : ''}${document(new Gen(prng(d.seed)), { crlf: d.crlf })}`));

describe('lean units (unit table)', () => {
  it('answers as the object path does: counts, diagnostics, quotes, units, the JSON model', () => {
    fc.assert(
      fc.property(texts, (ts) => {
        const lean = indexOf(ts, true);
        const objects = indexOf(ts, false);
        const rel = (u: string): string => u.slice('file:///s/'.length);
        assert.deepEqual([...lean.allCounts()], [...objects.allCounts()]);
        assert.deepEqual(
          JSON.stringify(studyDiagnosticsJson(lean, rel)),
          JSON.stringify(studyDiagnosticsJson(objects, rel)),
        );
        assert.equal(JSON.stringify(lean.quoteProvenance()), JSON.stringify(objects.quoteProvenance()));
        assert.equal(JSON.stringify(studyModel(lean, rel)), JSON.stringify(studyModel(objects, rel)));
        assert.equal(unitCount(lean), unitCount(objects));
        for (const doc of lean.documents('transcript')) {
          const other = objects.getDocument(doc.uri);
          assert.deepEqual([...doc.byCode], [...(other?.byCode ?? [])]);
          for (let line = 0; line < doc.lines.lineCount; line += 3) {
            const pos = { line, character: 2 };
            assert.deepEqual(lean.unitAt(doc.uri, pos), objects.unitAt(doc.uri, pos));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds golden quotes as one pass over the study does (file by file, merged)', () => {
    let closest = 0;
    fc.assert(
      fc.property(texts, (ts) => {
        const index = indexOf(ts, true);
        const expected = index.codes().flatMap((c) => {
          const candidates = index.unitsByCode(c.id, true);
          return c.quotes.map((q) => {
            const fragments = quoteFragments(q.text);
            const norm = candidates.map((r) => normalizeForQuote(r.unit.text));
            const matches = candidates.filter((_, j) => fragmentsMatch(fragments, norm[j]));
            let closest: (typeof candidates)[number] | undefined;
            let best = 0.2;
            if (matches.length === 0) {
              candidates.forEach((r, j) => {
                const s = similarityAbove(fragments.join(' '), norm[j], best);
                if (s > best) [best, closest] = [s, r];
              });
            }
            return { quote: q, uri: c.uri, matches, ...(closest ? { closest } : {}) };
          });
        });
        assert.equal(JSON.stringify(index.quoteProvenance()), JSON.stringify(expected));
        closest += expected.filter((p) => 'closest' in p).length;
      }),
      { numRuns: 300 },
    );
    // About 15 expected in 300 runs: fewer than 3 would mean the generator no longer reaches the search.
    assert.ok(closest >= 3, `the closest unit was looked for (${closest} found)`);
  });

  it('makes each unit once, on demand, and keeps the table out of the data', () => {
    const text = '**P1:** [one [two]{.b}]{.a #x note="n" k=v} three\n\n::: {.c}\n[four 😀]{.d}\n:::\n';
    const t = parseTranscript(text);
    assert.ok(t.table);
    assert.deepEqual(Object.keys(t), [
      'units',
      'turns',
      'frontMatter',
      'participants',
      'plain',
      'diagnostics',
      'lineCount',
    ]);
    const second = t.table.unit(1);
    assert.equal(t.units[1], second, 'a unit made alone is the one in the list');
    assert.equal(t.units, t.units, 'the list is made once');
    assert.equal(t.table.text(0), t.units[0].text);
    assert.deepEqual(JSON.parse(JSON.stringify(t)).units, JSON.parse(JSON.stringify(plain(t).units)));
    assert.deepEqual(
      t.units.map((u) => [u.codes, u.speaker, u.parent, u.depth, u.id, u.note, u.attributes]),
      [
        [['a'], 'P1', undefined, 0, 'x', 'n', [['k', 'v']]],
        [['b'], 'P1', 0, 1, undefined, undefined, []],
        // The turn goes on through the div (a turn ends at the next speaker's label).
        [['c'], 'P1', undefined, 0, undefined, undefined, []],
        [['d'], 'P1', 2, 1, undefined, undefined, []],
      ],
    );
    assert.deepEqual(
      t.turns.map((u) => u.units),
      [[0, 1, 2, 3]],
    );
    // Code points after the emoji: the plain offsets count it once.
    assert.equal(t.units[3].plainEnd - t.units[3].plainStart, [...'four 😀'].length);
  });

  it('crosses a thread boundary as transferred buffers, and reads the same after', () => {
    const text = document(new Gen(prng(7)), { crlf: true });
    const { packed, transfer } = parsePacked(text, {});
    const moved = structuredClone(packed, { transfer });
    assert.equal(packed.columns.data.byteLength, 0, 'the buffers moved, not copied');
    const { transcript } = unpackTranscript(text, moved);
    assert.equal(JSON.stringify(transcript), JSON.stringify(parseTranscript(text)));
  });
});

describe('golden quote search, fast paths', () => {
  const word = fc.constantFrom('we', 'had', 'worked', "don't", 'peer', 'Peer', 'é', 'e\u0301', '😀', '1', 'x');
  const sep = fc.constantFrom(' ', '  ', ', ', '\n', '-', '’', ' “', '» ', '\u00a0', '');
  const phrase = fc.array(fc.tuple(word, sep), { maxLength: 30 }).map((xs) => xs.map(([w, s]) => w + s).join(''));

  it('the scorer gives exactly what similarityAbove gives', () => {
    fc.assert(
      fc.property(phrase, phrase, fc.constantFrom(0, 0.2, 0.35, 0.5, 0.9), (a, b, floor) => {
        assert.equal(similarityScorer(a)(b, floor), similarityAbove(a, b, floor));
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizeForQuote gives what the full chain gives', () => {
    const full = (t: string): string =>
      t
        .normalize('NFC')
        .replace(/[‘’‚‛′]/g, "'")
        .replace(/[“”„‟″«»]/g, '"')
        .replace(/[‐‑‒–—]/g, '-')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase();
    fc.assert(
      fc.property(fc.oneof(phrase, fc.string({ unit: 'binary', maxLength: 40 })), (s) => {
        assert.equal(normalizeForQuote(s), full(s));
      }),
      { numRuns: 2000 },
    );
    assert.equal(normalizeForQuote(' İ  «Ab»\t'), full(' İ  «Ab»\t'));
  });
});
