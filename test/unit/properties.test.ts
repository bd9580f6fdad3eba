/**
 * Property tests (fast-check): on arbitrary text and on mutated realistic transcripts the
 * parsers never fail, every range lies inside the document, units nest properly, and the
 * plain text with its segments gives back the source exactly.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCodebook } from '../../server/src/core/codebook';
import type { Diagnostic, Range, Transcript } from '../../server/src/core/model';
import { parseTranscript } from '../../server/src/core/transcript';
import { document, Gen, prng } from './support/grammar';

/** Lengths of the lines of `text`, line breaks excluded, as LineIndex counts them (LF ends a line, CR LF too). */
/** Line lengths as LSP counts lines: LF, CR LF and a lone CR all end a line. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function assertInside(r: Range, lengths: number[], what: string): void {
  for (const p of [r.start, r.end]) {
    assert.ok(
      Number.isInteger(p.line) && p.line >= 0 && p.line < lengths.length,
      `${what}: line ${p.line} of ${lengths.length}`,
    );
    assert.ok(
      Number.isInteger(p.character) && p.character >= 0 && p.character <= lengths[p.line],
      `${what}: character ${p.character} on a line of ${lengths[p.line]}`,
    );
  }
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  assert.ok(ordered, `${what}: start after end`);
}

function assertNoInternalError(ds: Diagnostic[]): void {
  for (const d of ds) assert.doesNotMatch(d.message, /internal error/, 'the parser failed');
}

/** Every invariant of one parsed transcript; `wellFormed` when the text has no lone surrogates. */
function checkTranscript(text: string, wellFormed = true): Transcript {
  const t = parseTranscript(text);
  assertNoInternalError(t.diagnostics);
  const lengths = lineLengths(text);
  assert.equal(t.lineCount, lengths.length);

  // Ranges inside the document.
  t.units.forEach((u, k) => {
    for (const [what, r] of [
      ['range', u.range],
      ['contentRange', u.contentRange],
      ['attrRange', u.attrRange],
      ...u.codeRefs.map((c): [string, Range] => [`codeRef ${c.id}`, c.range]),
    ] as [string, Range][]) {
      assertInside(r, lengths, `unit ${k} ${what}`);
    }
    assert.ok(
      u.startOffset <= u.contentStartOffset &&
        u.contentStartOffset <= u.contentEndOffset &&
        u.contentEndOffset <= u.endOffset,
    );
    assert.ok(u.endOffset <= text.length);
    assert.deepEqual(
      u.codeRefs.map((c) => c.id),
      u.codes,
    );
    for (const c of u.codeRefs) assert.equal(text.slice(c.startOffset, c.endOffset), c.id);
  });
  for (const turn of t.turns) {
    assertInside(turn.range, lengths, 'turn range');
    assertInside(turn.labelRange, lengths, 'turn label');
  }
  for (const d of t.diagnostics) assertInside(d.range, lengths, `diagnostic ${d.code}`);

  // Units are sorted and properly nested, with consistent parents and depths.
  const us = t.units;
  for (let a = 0; a < us.length; a++) {
    if (a > 0) {
      const p = us[a - 1];
      assert.ok(
        p.startOffset < us[a].startOffset || (p.startOffset === us[a].startOffset && p.endOffset >= us[a].endOffset),
        `unit ${a} sorted`,
      );
    }
    let innermost: number | undefined;
    for (let b = 0; b < us.length; b++) {
      if (a === b) continue;
      const [x, y] = [us[a], us[b]];
      const disjoint = x.endOffset <= y.startOffset || y.endOffset <= x.startOffset;
      const yHoldsX = y.startOffset <= x.startOffset && x.endOffset <= y.endOffset;
      const xHoldsY = x.startOffset <= y.startOffset && y.endOffset <= x.endOffset;
      assert.ok(disjoint || yHoldsX || xHoldsY, `units ${a} and ${b} overlap`);
      if (yHoldsX && !disjoint && b < a) innermost = b;
    }
    assert.equal(us[a].parent, innermost, `parent of unit ${a}`);
    assert.equal(us[a].depth, innermost === undefined ? 0 : us[innermost].depth + 1, `depth of unit ${a}`);
  }

  // The plain text and the markup between its segments give back the source.
  const seg = t.plain.segments;
  assert.equal(seg.length % 3, 0);
  let rebuilt = '';
  let src = 0;
  let plainAt = 0;
  for (let k = 0; k < seg.length; k += 3) {
    const [s, p, n] = [seg[k], seg[k + 1], seg[k + 2]];
    assert.ok(n > 0 && s >= src, 'segments are non-empty and in order');
    assert.equal(p, plainAt, 'segments are contiguous in the plain text');
    const kept = t.plain.text.slice(p, p + n);
    assert.equal(kept, text.slice(s, s + n), 'a segment is source text');
    rebuilt += text.slice(src, s) + kept;
    src = s + n;
    plainAt = p + n;
  }
  rebuilt += text.slice(src);
  assert.equal(plainAt, t.plain.text.length);
  assert.equal(rebuilt, text);

  // Unit text is the plain text between plainStart and plainEnd (code points).
  if (wellFormed) {
    const points = [...t.plain.text];
    const utf16 = (cp: number): number => points.slice(0, cp).join('').length;
    for (const u of us) {
      assert.ok(u.plainStart <= u.plainEnd && u.plainEnd <= points.length);
      assert.equal(t.plain.text.slice(utf16(u.plainStart), utf16(u.plainEnd)), u.text);
      assert.equal(points.slice(u.plainStart, u.plainEnd).join(''), u.text);
    }
  }
  return t;
}

function checkCodebook(text: string): void {
  const cb = parseCodebook(text);
  assertNoInternalError(cb.diagnostics);
  const lengths = lineLengths(text);
  assert.equal(cb.lineCount, lengths.length);
  for (const c of cb.codes) {
    assertInside(c.range, lengths, `code ${c.id} range`);
    assertInside(c.idRange, lengths, `code ${c.id} idRange`);
    for (const s of c.sections) {
      assertInside(s.range, lengths, 'section');
      assertInside(s.bodyRange, lengths, 'section body');
    }
    for (const q of c.quotes) assertInside(q.range, lengths, 'quote');
  }
  for (const d of cb.diagnostics) assertInside(d.range, lengths, `diagnostic ${d.code}`);
}

/** Pieces of Markdown that matter to the parsers, to build dense random text from. */
const TOKENS = [
  '[',
  ']',
  '{',
  '}',
  '{.x}',
  '{#i .a k="v w"}',
  ']{.c}',
  ']{.c k="v',
  '{.x',
  " k='",
  '.',
  '#',
  '# ',
  '## ',
  ':',
  '::: ',
  ':::',
  '::::',
  '*',
  '**',
  '_',
  '`',
  '``',
  '```',
  '~~~',
  '\\',
  '<',
  '<!--',
  '-->',
  '!',
  '(',
  ')',
  '-',
  '- ',
  '>',
  '"',
  "'",
  '=',
  ' ',
  '    ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  'a',
  'word',
  'P1:',
  '**P2:**',
  '---\n',
  '...',
  '😀',
  'e\u0301',
  'é',
  '\ufeff',
  '\u00a0',
  '{.smallcaps}',
  '[^1]',
  'http://x.y',
];
/** A smaller alphabet, so that brackets, attribute blocks and line breaks meet often. */
const BRACKET_TOKENS = [
  '[',
  ']',
  '{',
  '}',
  '{.x',
  ' .y',
  ' #i',
  ' k="v',
  ' k=v',
  '"',
  '\\',
  '`',
  '\n',
  '\r\n',
  '\n\n',
  ':::',
  'a',
  ' ',
  '*',
];
const markdownish = fc
  .oneof(
    fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }),
    fc.array(fc.constantFrom(...BRACKET_TOKENS), { maxLength: 40 }),
  )
  .map((xs) => xs.join(''));

/** A realistic transcript (from the grammar) with random code-point inserts and deletes. */
const mutated = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    crlf: fc.boolean(),
    edits: fc.array(fc.record({ at: fc.nat(), insert: fc.option(fc.constantFrom(...TOKENS), { nil: null }) }), {
      maxLength: 8,
    }),
  })
  .map(({ seed, crlf, edits }) => {
    const points = [...document(new Gen(prng(seed)), { crlf })];
    for (const e of edits) {
      const at = e.at % (points.length + 1);
      if (e.insert === null) points.splice(at, 1);
      else points.splice(at, 0, ...e.insert);
    }
    return points.join('');
  });

const CODEBOOK_SAMPLE =
  '# Theme {#t color="#111"}\n\nText.\n\n## Sub {#s}\n\n### Quotes\n\n> a quote ... here (P1)\n\n### Synthesis\n\nx\n\n```\n# Not {#n}\n```\n';
const mutatedCodebook = fc
  .array(fc.record({ at: fc.nat(), insert: fc.option(fc.constantFrom(...TOKENS), { nil: null }) }), { maxLength: 10 })
  .map((edits) => {
    const points = [...CODEBOOK_SAMPLE];
    for (const e of edits) {
      const at = e.at % (points.length + 1);
      if (e.insert === null) points.splice(at, 1);
      else points.splice(at, 0, ...e.insert);
    }
    return points.join('');
  });

describe('properties', function () {
  this.timeout(30000);

  it('transcripts: arbitrary UTF-16 strings (lone surrogates too)', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        checkTranscript(s, false);
      }),
      { numRuns: 300 },
    );
  });

  it('transcripts: arbitrary Unicode strings', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 200 }), (s) => {
        checkTranscript(s);
      }),
      { numRuns: 200 },
    );
  });

  it('transcripts: dense Markdown-like token soup', function () {
    fc.assert(
      fc.property(markdownish, (s) => {
        checkTranscript(s);
      }),
      { numRuns: 300 },
    );
  });

  it('transcripts: mutated realistic transcripts', function () {
    fc.assert(
      fc.property(mutated, (s) => {
        checkTranscript(s);
      }),
      { numRuns: 300 },
    );
  });

  it('the grammar itself yields well-formed transcripts with units', function () {
    let units = 0;
    for (let seed = 1; seed <= 50; seed++) units += checkTranscript(document(new Gen(prng(seed)))).units.length;
    assert.ok(units > 100);
  });

  it('codebooks: arbitrary strings, token soup and mutated codebooks', function () {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), markdownish, mutatedCodebook), (s) => {
        checkCodebook(s);
      }),
      { numRuns: 300 },
    );
  });
});
