/**
 * The second half of a parse in WebAssembly (core/wasmColumns.ts, core/wasm/unitColumns.wat)
 * against the JavaScript it stands in for (transcript.ts's sortedUnits, buildPlainText and
 * addUnits, run with the module switched off): the same transcript, field for field (units
 * with their ranges, plain offsets, texts, codes, ids and attributes; turns; diagnostics in
 * order; the plain text), and the same columns, number for number. On generated
 * transcripts (with emoji, combining marks, CRLF), the dense benchmark's transcripts, the
 * nesting limit, blank units of every kind of white space, Pandoc's own classes, and random
 * markup soup. Each test also checks that the module answered its parses.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_UNIT_DEPTH } from '../../server/src/core/limits';
import type { Transcript } from '../../server/src/core/model';
import { parseTranscript } from '../../server/src/core/transcript';
import type { UnitTable } from '../../server/src/core/unitTable';
import {
  columnsInWasmCount,
  paragraphsReadInWasm,
  setColumnsInWasm,
  textsBlockScannedInWasm,
} from '../../server/src/core/wasmColumns';
import { denseTranscript } from '../bench/dense';
import { document, Gen, prng } from './support/grammar';

/** Everything a parse gives, as plain data: the transcript as JSON and its columns' numbers. */
function everything(t: Transcript): unknown {
  const c = (t.table as UnitTable).columns;
  return {
    transcript: JSON.parse(JSON.stringify(t)),
    plain: t.plain.text,
    columns: {
      count: c.count,
      data: Array.from(c.data),
      refCount: c.refCount,
      refs: Array.from(c.refs),
      codeNames: c.codeNames,
      attrItems: Array.from(c.attrItems),
      turnCount: c.turnCount,
      turnData: Array.from(c.turnData),
      turnSpeakers: Array.from(c.turnSpeakers),
      speakerNames: c.speakerNames,
    },
  };
}

/** Parses `text` both ways and compares; returns whether the module answered. */
function same(text: string, speakerPattern?: string): boolean {
  const before = columnsInWasmCount();
  const fast = everything(parseTranscript(text, { speakerPattern }));
  const inWasm = columnsInWasmCount() > before;
  setColumnsInWasm(false);
  try {
    assert.deepEqual(fast, everything(parseTranscript(text, { speakerPattern })), JSON.stringify(text.slice(0, 400)));
  } finally {
    setColumnsInWasm(true);
  }
  return inWasm;
}

describe('the unit columns in WebAssembly', () => {
  it("gives the JavaScript's transcript on 400 generated transcripts (emoji, combining marks, CRLF)", () => {
    let answered = 0;
    const scanned = textsBlockScannedInWasm();
    for (let seed = 1; seed <= 400; seed++) {
      const text = document(new Gen(prng(seed)), { crlf: seed % 3 === 0, unicode: seed % 5 !== 0 });
      if (same(seed % 7 === 0 ? `\ufeff${text}` : text)) answered++;
    }
    assert.equal(answered, 400);
    // Their blocks too, but for those with fenced code or HTML comments (handed back).
    assert.ok(textsBlockScannedInWasm() - scanned > 150, `${textsBlockScannedInWasm() - scanned} of 400`);
  });

  it("gives the same on the dense benchmark's transcripts", () => {
    const before = paragraphsReadInWasm();
    for (let seed = 0; seed < 4; seed++) assert.ok(same(denseTranscript(seed, 40_000)));
    // Their paragraphs are text, speakers and spans: the module's inline scan reads them all
    // (about 110 in a 40 KB transcript).
    assert.ok(paragraphsReadInWasm() - before > 400);
  });

  it('gives the same where a unit holds only white space, of every kind JavaScript knows', () => {
    // Blank to JavaScript's \s: NBSP, ogham, the U+2000 spaces, line and paragraph
    // separators, narrow NBSP, math space, ideographic space, BOM. Not blank: U+0085, the
    // vertical tab and form feed (the parse's own test leaves them out), U+180E, U+200B.
    const spaces = [0xa0, 0x1680, 0x2000, 0x2005, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
    const others = [0x85, 0x0b, 0x0c, 0x180e, 0x200b, 0x1fff, 0x200b, 0x3001, 0xfefe];
    const cases: string[] = [];
    for (const c of [...spaces, ...others]) {
      const ch = String.fromCharCode(c);
      cases.push(`[${ch}]{.x}\n`, `a [ ${ch}${ch} ]{.x} b\n`, `::: {.y}\n${ch}\n:::\n`, `[**${ch}**]{.x}\n`);
    }
    cases.push('[]{.x}\n', '[ ]{.x}\n', '[*  *]{.x}\n', '::: {.y}\n:::\n', '[`a`]{.x}\n', '[\\*]{.x}\n');
    for (const text of cases) assert.ok(same(text));
    // The cases do tell the two apart: blank and not blank both occur.
    const empty = (text: string): boolean => parseTranscript(text).diagnostics.some((d) => d.code === 'empty-unit');
    assert.ok(empty('[\u3000]{.x}\n'));
    assert.ok(!empty('[\u0085]{.x}\n'));
  });

  it("gives the same with Pandoc's own classes, ids, pairs and repeated codes", () => {
    const cases = [
      '[a]{.smallcaps} [b]{.smallcaps .code} [c]{.underline #u1} [d]{.ul}\n',
      '[a]{.mark} [b]{.marks} [c]{.unnumbered} [d]{.unlisted x=1} [e]{.sm} [f]{-}\n',
      '[a]{.Code} [b]{.code} [c]{.code .code} [d]{.codé} [e]{.c\u0301ode} [f]{.😀}\n',
      '[a]{#id1 .x key="v w" note="n"} [b]{#id2} [c]{k=v}\n',
      '::: smallcaps\na\n:::\n\n::: {.x #d1 k=v}\nb\n:::\n',
      '**P1:** [a]{.x} [b]{.y}\n\n**P2:** [c]{.x}\n\nInterviewer: [d]{.z}\n',
    ];
    for (const text of cases) assert.ok(same(text));
  });

  it('reads deeply nested units as the JavaScript does, the nesting limit included', () => {
    const n = MAX_UNIT_DEPTH + 6;
    // Nested units close innermost first, far out of the order of their starts: the module
    // sorts them whatever their order (the JavaScript's insertion sort gives up on them and
    // orders them by slot).
    const deep = `😀 ${'['.repeat(n)}a${']{.x}'.repeat(n)}\n`;
    assert.ok(same(deep));
    assert.ok(same(`${'::: {.x}\n'.repeat(MAX_UNIT_DEPTH)}a\n${':::\n'.repeat(MAX_UNIT_DEPTH)}`));
    assert.ok(same(`${'::: {.x}\n'.repeat(1000)}a\n${':::\n'.repeat(1000)}`));
    assert.ok(same(`${'[b]{.y} '.repeat(1000)}\n\n${'::: {.x}\n'.repeat(n)}a\n${':::\n'.repeat(n)}`));
    assert.ok(same(`${'[[[a]{.x}]{.y}]{.z} '.repeat(500)}\n`));
    const tooDeep = parseTranscript(deep).diagnostics.filter((d) => d.code === 'too-deep');
    assert.equal(tooDeep.length, 1);
    assert.match(tooDeep[0].message, /this unit and the 5 inside it are not read/);
  });

  it('gives the same on random markup soup', () => {
    const pieces = [
      '[',
      ']',
      '{.x}',
      '{.y #i}',
      ']{.',
      '{',
      '}',
      ':::',
      '::: {.x}',
      '\n',
      '\n\n',
      ' ',
      '*',
      '_',
      '`',
      '\\',
      'a',
      'word',
      '**P1:** ',
      '\u3000',
      '\u0085',
      '😀',
      'e\u0301',
      '\r\n',
      '<!-- c -->',
      '{k=v}',
      '{note="a b"}',
      "{k='x\\'y'}",
      '{k="a\n b"}',
      '{k="never closed',
      '{k=v\\}w}',
      '{-}',
      '{- .x}',
      '{.a-b:c.d}',
      '{#é}',
      '{.1x}',
      '{ }',
      '{.x\n.y}',
      '{=v}',
      '![',
      '\\![',
      '[^',
      '\\',
      '\\[',
      '](x)',
      '{.smallcaps}',
      '{.underline .x}',
      '=',
      '"',
      '**P2**:',
      'P3: ',
      '** :**',
      '**\u00a0A:**',
      '**A\u2003:**',
      '**a*b:**',
      '**A:**x',
      'Interviewer: ',
      '- ',
      '> ',
      '1. ',
      '    ',
      '\t',
      '```',
      '~~~',
      '<!--',
      ':::: a',
      '::: {#x}',
      '::: {.x k=v}',
      '::: {.é}',
      '::: smallcaps',
      '# ',
      '.smallcaps',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        assert.ok(same(parts.join('')));
      }),
      { numRuns: 5000 },
    );
  });
});
