/**
 * A transcript's diagnostics capped for the editor without making them all
 * (studyDiagnostics with `max`, on the parse's ProblemList): the very list that capping
 * all of them gives, on the hostile patterns, a generated mix of every parse problem with
 * unknown codes, and every cap from 0 up; and a hostile file's parse keeps its problems
 * as numbers until asked.
 */
import * as assert from 'node:assert/strict';
import { capDiagnostics } from '../../server/src/core/diagnosticCap';
import { StudyIndex } from '../../server/src/core/studyIndex';
import { parseTranscript } from '../../server/src/core/transcript';
import { PATTERNS, readsCodebook } from '../bench/complexity';

const CODEBOOK = '# X {#x}\n\nA code.\n\n# C {#c}\n\nAnother.\n';

/** A deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Pieces that each make one kind of diagnostic, or none, or an unknown code next to a problem. */
const PIECES = [
  '[a]{.x} ',
  '[a]{.nope} ',
  '[ ',
  ']{.x} ',
  '[a]{k= ',
  '[a]{#} ',
  '[]{.x} ',
  '[b] ',
  '[c]{.unknown .x} ',
  '\n\n::: {.x}\nd\n:::\n\n',
  '\n\n::: {.nope}\ne\n\n',
  '\n\n::: {#}\nf\n:::\n\n',
  '[[g]{.nope}]{.x} ',
  '😀 ',
  '\r\n',
  '\n\n**P1:** ',
  '[h]{.x}[i]{.y} ',
];

/** `count` pieces drawn from `pieces` by a generator seeded with `seed`, after `start`. */
function randomMix(pieces: readonly string[], seed: number, count: number, start = ''): string {
  const rnd = prng(seed);
  let text = start;
  for (let k = 0; k < count; k++) text += pieces[Math.floor(rnd() * pieces.length)];
  return text;
}

function mixed(seed: number, pieces: number): string {
  let text = randomMix(PIECES, seed, pieces, seed % 3 === 0 ? '---\ntitle: [unclosed\n---\n' : '');
  // Deeper than units may nest, now and then.
  if (seed % 4 === 1) text += `${'['.repeat(70)}z${']{.x}'.repeat(70)}\n`;
  return text;
}

/** Codebook pieces: codes defined twice, broken attribute blocks, unused codes, golden quotes found or not. */
const BOOK_PIECES = [
  '# Theme {#x}\n\n',
  '## Sub {#c}\n\n',
  '## Again {#c}\n\n',
  '# Broken {#b\n\n',
  '# Bad {#}\n\n',
  '## Unused {#u}\n\n',
  '### Quotes\n\n> a\n\n',
  '### Quotes\n\n> never said\n\n',
  'Text 😀 of a description.\r\n\r\n',
];

function check(text: string, codebook: boolean, label: string, transcript = ''): void {
  const index = new StudyIndex();
  index.setDocument('file:///cb.md', codebook ? text : CODEBOOK, 'codebook');
  const uri = codebook ? 'file:///cb.md' : 'file:///t.md';
  if (!codebook) index.setDocument(uri, text, 'transcript');
  else if (transcript) index.setDocument('file:///t.md', transcript, 'transcript');
  const all = index.diagnostics(uri);
  for (const max of [0, 1, 2, 5, 17, 100, all.length - 1, all.length, all.length + 1]) {
    if (max < 0) continue;
    assert.deepEqual(index.diagnostics(uri, max), capDiagnostics(all, max), `${label}, at most ${max}`);
  }
}

describe('diagnostics capped without making them all', () => {
  it('are those of capping every diagnostic, on the hostile patterns', () => {
    for (const p of PATTERNS) for (const size of [600, 5000]) check(p.make(size), readsCodebook(p), p.name);
  });

  it('are those of capping every diagnostic, on 300 generated mixes with unknown codes', () => {
    for (let seed = 1; seed <= 300; seed++) check(mixed(seed, 5 + (seed % 60)), false, `seed ${seed}`);
  });

  it("are those of capping every diagnostic, on 200 generated codebooks (the codebook's own and the study's)", () => {
    for (let seed = 1; seed <= 200; seed++)
      check(randomMix(BOOK_PIECES, seed, 3 + (seed % 40)), true, `codebook seed ${seed}`, '[a]{.x} [b]{.c}\n');
  });

  it('are made only as asked: a parse keeps its problems as numbers', () => {
    const t = parseTranscript('[a '.repeat(20000));
    assert.equal(t.problems?.length, 20000);
    // Made when read, then kept.
    assert.equal(t.diagnostics.length, 20000);
    assert.equal(t.diagnostics, t.diagnostics);
    assert.deepEqual(t.diagnostics[0], {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: 'warning',
      code: 'unclosed-unit',
      message:
        'This `[` is never closed in its paragraph, so it marks no meaning unit. Close it with `]{.code}`, or write `\\[` for a literal bracket.',
    });
  });
});
