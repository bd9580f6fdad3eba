import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { StudyIndex } from '../../../server/src/core/studyIndex';
import {
  computeTokens,
  encodeTokens,
  provideSemanticTokens,
  provideSemanticTokensDelta,
  provideSemanticTokensRange,
  SEMANTIC_TOKENS_LEGEND,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
  type Token,
  type TokenModifier,
  type TokenType,
} from '../../../server/src/features/semanticTokens';
import { loadStudy } from '../../../server/src/node/loadStudy';
import { document, Gen, prng } from '../support/grammar';
import { BOOK, R, study, T } from './util';

const short: Record<string, TokenType> = {
  unit: 'condenseUnit',
  code: 'condenseCode',
  br: 'condenseBracket',
  attr: 'condenseAttribute',
  head: 'condenseHeading',
};

/** A token: line, character, length, short type name, modifiers. */
function t(
  line: number,
  character: number,
  length: number,
  type: keyof typeof short,
  ...modifiers: TokenModifier[]
): Token {
  return { line, character, length, type: short[type], modifiers };
}

const CODEBOOK =
  '# Facilitate {#facilitate}\n\n## X {#x}\n\n## Commit {#commit}\n\n## Co {#cocreation}\n\n## Ch {#challenges}\n';

describe('semantic tokens', () => {
  it('has a legend in declaration order', () => {
    assert.deepEqual(SEMANTIC_TOKENS_LEGEND, { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] });
  });

  it('splits a span into brackets, content, attributes and codes', () => {
    const text = '**P1:** Yes [we had worked]{#mu-1 .facilitate note="a b"} then.\n';
    const index = study(CODEBOOK, { a: text });
    assert.deepEqual(computeTokens(index, T('a')), [
      t(0, 12, 1, 'br'), // [
      t(0, 13, 13, 'unit'), // we had worked
      t(0, 26, 1, 'br'), // ]
      t(0, 27, 6, 'attr'), // {#mu-1
      t(0, 34, 1, 'attr'), // .
      t(0, 35, 10, 'code'), // facilitate
      t(0, 46, 11, 'attr'), // note="a b"}
    ]);
  });

  it('counts UTF-16 code units after an emoji', () => {
    const index = study(CODEBOOK, { e: '😀 [a 😀 b]{.x}\n' });
    assert.deepEqual(computeTokens(index, T('e')), [
      t(0, 3, 1, 'br'),
      t(0, 4, 6, 'unit'), // `a 😀 b`: the emoji is two code units
      t(0, 10, 1, 'br'),
      t(0, 11, 2, 'attr'),
      t(0, 13, 1, 'code'),
      t(0, 14, 1, 'attr'),
    ]);
  });

  it('keeps nested units out of the outer content, splits lines, and leaves CR out', () => {
    const text = '[We bring [from the first]{.commit} and\r\nmore]{.cocreation .nope}\r\n';
    const index = study(CODEBOOK, { n: text });
    assert.deepEqual(computeTokens(index, T('n')), [
      t(0, 0, 1, 'br'),
      t(0, 1, 8, 'unit'), // We bring
      t(0, 10, 1, 'br'),
      t(0, 11, 14, 'unit', 'nested'), // from the first
      t(0, 25, 1, 'br'),
      t(0, 26, 2, 'attr'),
      t(0, 28, 6, 'code'),
      t(0, 34, 1, 'attr'),
      t(0, 36, 3, 'unit'), // and (the CR is not part of it)
      t(1, 0, 4, 'unit'), // more
      t(1, 4, 1, 'br'),
      t(1, 5, 2, 'attr'),
      t(1, 7, 10, 'code'),
      t(1, 18, 1, 'attr'),
      t(1, 19, 4, 'code', 'unknown'),
      t(1, 23, 1, 'attr'),
    ]);
  });

  it('marks no code unknown when the study has no codebook', () => {
    const index = study(null, { n: '[a]{.nope}\n' });
    assert.deepEqual(computeTokens(index, T('n')), [
      t(0, 0, 1, 'br'),
      t(0, 1, 1, 'unit'),
      t(0, 2, 1, 'br'),
      t(0, 3, 2, 'attr'),
      t(0, 5, 4, 'code'),
      t(0, 9, 1, 'attr'),
    ]);
  });

  it('tokenizes div fences, their content lines, and units inside them', () => {
    const text = 'Intro.\n\n::: {.challenges #mu-9}\n**P3:** It was hard.\n\nAnd [long]{.x}.\n:::\n\n::: x :::\n:::\n';
    const index = study(CODEBOOK, { d: text });
    assert.deepEqual(computeTokens(index, T('d')), [
      t(2, 0, 3, 'br'),
      t(2, 4, 2, 'attr'), // {.
      t(2, 6, 10, 'code'),
      t(2, 17, 6, 'attr'), // #mu-9}
      t(3, 0, 20, 'unit'),
      t(5, 0, 3, 'unit'), // And
      t(5, 4, 1, 'br'),
      t(5, 5, 4, 'unit', 'nested'),
      t(5, 9, 1, 'br'),
      t(5, 10, 2, 'attr'),
      t(5, 12, 1, 'code'),
      t(5, 13, 1, 'attr'),
      t(5, 14, 1, 'unit'), // .
      t(6, 0, 3, 'br'),
      t(8, 0, 3, 'br'), // ::: x ::: (a bare class word, then optional colons)
      t(8, 4, 1, 'code'),
      t(8, 6, 3, 'br'),
      t(9, 0, 3, 'br'),
    ]);
  });

  it('tokenizes code headings in a codebook', () => {
    const index = study(
      'Intro {#not-a-heading}\n\n# Shift here {#shift color="#4e79a7"}\n\n## Sub {.x #sub}\n\n### Quotes\n',
    );
    assert.deepEqual(computeTokens(index, BOOK), [
      t(2, 2, 10, 'head', 'declaration'), // Shift here
      t(2, 13, 1, 'attr'), // {
      t(2, 14, 6, 'code', 'declaration'), // #shift
      t(2, 21, 16, 'attr'), // color="#4e79a7"}
      t(4, 3, 3, 'head', 'declaration'),
      t(4, 7, 3, 'attr'), // {.x
      t(4, 11, 4, 'code', 'declaration'), // #sub
      t(4, 15, 1, 'attr'),
    ]);
  });

  it('encodes tokens relative to the previous one', () => {
    const tokens = [
      t(0, 3, 1, 'br'),
      t(0, 4, 6, 'unit', 'nested'),
      t(2, 5, 4, 'code', 'unknown', 'declaration'),
      t(2, 10, 1, 'head'),
    ];
    assert.deepEqual(encodeTokens(tokens), [0, 3, 1, 2, 0, 0, 1, 6, 0, 2, 2, 5, 4, 1, 5, 0, 5, 1, 4, 0]);
    assert.deepEqual(encodeTokens([]), []);
  });

  it('provides full and range tokens', () => {
    const index = study(CODEBOOK, { a: 'x\n[a]{.x}\n[b]{.x}\n' });
    assert.deepEqual(provideSemanticTokens(index, T('a')).data, encodeTokens(computeTokens(index, T('a'))));
    assert.deepEqual(provideSemanticTokens(index, 'file:///nope.md').data, []);
    // Line 2 only: the first token is encoded from (0, 0).
    assert.deepEqual(
      provideSemanticTokensRange(index, T('a'), R(2, 0, 2, 7)).data,
      [2, 0, 1, 2, 0, 0, 1, 1, 0, 0, 0, 1, 1, 2, 0, 0, 1, 2, 3, 0, 0, 2, 1, 1, 0, 0, 1, 1, 3, 0],
    );
    // An empty range touches nothing; a range inside a token returns it.
    assert.deepEqual(provideSemanticTokensRange(index, T('a'), R(1, 1, 1, 1)).data, []);
    assert.deepEqual(provideSemanticTokensRange(index, T('a'), R(1, 1, 1, 2)).data, [1, 1, 1, 0, 0]);
  });

  describe('delta', () => {
    function apply(previous: number[], current: number[]): number[] {
      const edits = provideSemanticTokensDelta(previous, current);
      const out = [...previous];
      // Edits refer to the previous array: apply from the last.
      for (const e of [...edits].sort((a, b) => b.start - a.start))
        out.splice(e.start, e.deleteCount, ...(e.data ?? []));
      return out;
    }

    it('returns no edit for equal arrays', () => {
      assert.deepEqual(provideSemanticTokensDelta([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), []);
      assert.deepEqual(provideSemanticTokensDelta([], []), []);
    });

    it('replaces what lies between the common prefix and suffix', () => {
      assert.deepEqual(provideSemanticTokensDelta([1, 2, 3, 4, 5], [1, 2, 9, 4, 5]), [
        { start: 2, deleteCount: 1, data: [9] },
      ]);
      assert.deepEqual(provideSemanticTokensDelta([1, 2, 3], [1, 2, 3, 4]), [{ start: 3, deleteCount: 0, data: [4] }]);
      assert.deepEqual(provideSemanticTokensDelta([1, 2, 3, 4], [1, 4]), [{ start: 1, deleteCount: 2 }]);
      // Prefix and suffix must not overlap: [1,1] → [1,1,1] inserts one 1.
      assert.deepEqual(provideSemanticTokensDelta([1, 1], [1, 1, 1]), [{ start: 2, deleteCount: 0, data: [1] }]);
    });

    it('turns any array into any other', () => {
      let seed = 7;
      const rnd = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      for (let k = 0; k < 2000; k++) {
        const a = Array.from({ length: rnd(12) }, () => rnd(3));
        const b = rnd(2)
          ? Array.from({ length: rnd(12) }, () => rnd(3))
          : [...a.slice(0, rnd(a.length + 1)), rnd(3), ...a.slice(rnd(a.length + 1))];
        assert.deepEqual(apply(a, b), b, `${JSON.stringify(a)} → ${JSON.stringify(b)}`);
      }
    });

    it('updates real token arrays after an edit', () => {
      const index = study(CODEBOOK, { a: 'One [two]{.x} three.\n\n[four]{.commit}\n' });
      const before = provideSemanticTokens(index, T('a')).data;
      index.setDocument(T('a'), 'One [two]{.x} three.\n\nNew [five]{.nope}\n\n[four]{.commit}\n', 'transcript');
      const after = provideSemanticTokens(index, T('a')).data;
      assert.deepEqual(apply(before, after), after);
    });
  });

  /** Checks the invariants of a document's tokens; returns how many there are. */
  function checkTokens(index: StudyIndex, uri: string, label: string): number {
    const doc = index.getDocument(uri);
    assert.ok(doc);
    const lines = doc.text.split('\n').map((l) => l.replace(/\r$/, ''));
    const tokens = computeTokens(index, uri);
    let prev: Token | undefined;
    for (const tok of tokens) {
      assert.ok(tok.length > 0, `${label}: empty token`);
      assert.ok(
        tok.line < lines.length && tok.character + tok.length <= lines[tok.line].length,
        `${label}: token past its line ${JSON.stringify(tok)}`,
      );
      assert.notEqual(
        lines[tok.line].slice(tok.character, tok.character + tok.length).trim(),
        '',
        `${label}: blank token`,
      );
      if (prev) {
        assert.ok(
          prev.line < tok.line || prev.character + prev.length <= tok.character,
          `${label}: ${JSON.stringify(prev)} overlaps ${JSON.stringify(tok)}`,
        );
      }
      prev = tok;
    }
    assert.equal(encodeTokens(tokens).length, tokens.length * 5);
    if (doc.transcript) {
      const refs = doc.transcript.units.flatMap((u) => u.codeRefs);
      assert.equal(
        tokens.filter((x) => x.type === 'condenseCode').length,
        refs.length,
        `${label}: a code without its token`,
      );
    }
    return tokens.length;
  }

  it('keeps its invariants on generated transcripts', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = document(new Gen(prng(seed)), { crlf: seed % 3 === 0 });
      checkTokens(study(CODEBOOK, { g: text }), T('g'), `seed ${seed}: ${JSON.stringify(text)}`);
    }
  });

  it("gives the same tokens from the parse's unit columns as from unit objects, nested units included", () => {
    // The columns are the fast path; the unit objects (a parse without columns) the reference.
    const objectsOnly = (index: StudyIndex, uri: string): StudyIndex => {
      const doc = index.getDocument(uri);
      assert.ok(doc?.transcript?.table, 'the parse has columns');
      const units = doc.transcript.units;
      const bare = { ...doc, transcript: { ...doc.transcript, units, table: undefined } };
      return new Proxy(index, {
        get: (target, key) =>
          key === 'getDocument'
            ? (u: string) => (u === uri ? bare : target.getDocument(u))
            : (Reflect.get(target, key, target) as unknown),
      });
    };
    const texts = [
      '[[[[a]{.x} b]{.x}]{.x} c [d]{.nope}]{.x}\n',
      '::: {.x}\n[a]{.x} 😀 [b [c]{.x}]{.x}\n\n::: {.x}\ninner\n:::\n:::\n',
      '**P1:** [a]{.x}\r\r[b]{.x .x}\r\n[e\u0301]{#id .x k="v w"}\n',
    ];
    for (let seed = 1; seed <= 100; seed++) texts.push(document(new Gen(prng(seed)), { crlf: seed % 3 === 0 }));
    for (const text of texts) {
      const index = study(CODEBOOK, { g: text });
      const label = JSON.stringify(text);
      const fast = computeTokens(index, T('g'));
      assert.deepEqual(computeTokens(objectsOnly(index, T('g')), T('g')), fast, label);
      assert.deepEqual(provideSemanticTokens(index, T('g')).data, encodeTokens(fast), label);
    }
  });

  describe('on the sample study', () => {
    const loaded = loadStudy(path.join(__dirname, '../../../sample'));

    it('gives tokens on one line, inside the document, sorted and never overlapping', () => {
      let total = 0;
      for (const doc of loaded.index.documents()) total += checkTokens(loaded.index, doc.uri, doc.uri);
      assert.ok(total > 500, `only ${total} tokens`);
    });

    it('covers every code written in the sample and no code is unknown', () => {
      for (const doc of loaded.index.documents('transcript')) {
        const tokens = computeTokens(loaded.index, doc.uri);
        const codes = tokens.filter((x) => x.type === 'condenseCode');
        const refs = loaded.index.unitsOf(doc.uri).flatMap((u) => u.codeRefs);
        assert.equal(codes.length, refs.length, doc.uri);
        assert.ok(
          codes.every((x) => x.modifiers.length === 0),
          doc.uri,
        );
      }
      const heads = computeTokens(loaded.index, loaded.uriOf('codebook.md')).filter(
        (x) => x.type === 'condenseHeading',
      );
      assert.equal(heads.length, loaded.index.codes().length);
    });
  });
});
