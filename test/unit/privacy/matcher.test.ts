/**
 * The identifiers matcher and the identifiers file: each matching rule by example, with
 * exact UTF-16 offsets (emoji, combining marks, CR LF), and a property test against an
 * independent implementation (one Unicode regular expression per entry).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIdentifiersFile } from '../../../server/src/core/identifiers/identifiersFile';
import { IdentifierMatcher } from '../../../server/src/core/identifiers/matcher';

/** The matched texts, in order. */
function found(names: string[], text: string): string[] {
  return new IdentifierMatcher(names).find(text).map((m) => text.slice(m.start, m.end));
}

describe('identifiers matcher', function () {
  it('matches case-insensitively on Unicode word boundaries', function () {
    assert.deepEqual(found(['Kari'], 'Kari said, KARI said, kari said.'), ['Kari', 'KARI', 'kari']);
    assert.deepEqual(found(['Kari'], 'Karin, Marikari, 3Kari, Kari3, _Kari_'), ['Kari']);
    assert.deepEqual(found(['Åse'], 'Åse said; Åsen farm; ÅSE; åse; Tåse'), ['Åse', 'ÅSE', 'åse']);
    assert.deepEqual(found(['Tromsø'], 'Tromsøya and Tromsø and TROMSØ.'), ['Tromsø', 'TROMSØ']);
  });

  it('treats a precomposed letter and its decomposed form as the same', function () {
    assert.deepEqual(found(['Åse'], 'A\u030Ase came'), ['A\u030Ase']);
    assert.deepEqual(found(['A\u030Ase'], 'Åse came'), ['Åse']);
    // A letter with a combining mark is not the bare letter.
    assert.deepEqual(found(['Ase'], 'A\u030Ase and Åse'), []);
    assert.deepEqual(found(['Jose'], 'Jose\u0301 came'), []);
  });

  it('lets a space match any whitespace run with at most one line break', function () {
    const names = ['Kari Nordmann'];
    assert.deepEqual(found(names, 'Kari  Nordmann, Kari\tNordmann, Kari\u00a0Nordmann'), [
      'Kari  Nordmann',
      'Kari\tNordmann',
      'Kari\u00a0Nordmann',
    ]);
    assert.deepEqual(found(names, 'Kari\nNordmann; Kari \r\n  Nordmann; Kari\rNordmann'), [
      'Kari\nNordmann',
      'Kari \r\n  Nordmann',
      'Kari\rNordmann',
    ]);
    assert.deepEqual(
      found(names, 'Kari\n\nNordmann; Kari\r\n\r\nNordmann; Kari\n \nNordmann; KariNordmann; Kari-Nordmann'),
      [],
    );
    // Whitespace in the entry itself is collapsed.
    assert.deepEqual(found(['  Kari \t Nordmann '], 'Kari Nordmann'), ['Kari Nordmann']);
  });

  it("keeps a possessive 's, ’s or s outside the match", function () {
    assert.deepEqual(found(['Kari Nordmann'], "Kari Nordmann's, Kari Nordmann’s, Kari Nordmanns, KARI NORDMANNS"), [
      'Kari Nordmann',
      'Kari Nordmann',
      'Kari Nordmann',
      'KARI NORDMANN',
    ]);
    assert.deepEqual(found(['Kari'], 'Karis bil, Karise, Kariss'), ['Kari']);
  });

  it('matches metacharacters literally', function () {
    assert.deepEqual(found(['Dr. (Kari)'], 'Dr. (Kari) and Drx (Kari) and Dr. Kari and Dr.  (Kari)'), [
      'Dr. (Kari)',
      'Dr.  (Kari)',
    ]);
    assert.deepEqual(found(['a+b', '[x]', 'c.*'], 'a+b aab [x] c.* cxx'), ['a+b', '[x]', 'c.*']);
    assert.deepEqual(found(['(Kari)'], 'x(Kari)y'), ['(Kari)']);
  });

  it('takes the longest entry at a place, whatever the order of the list', function () {
    for (const names of [
      ['Kari', 'Kari Nordmann'],
      ['Kari Nordmann', 'Kari'],
    ]) {
      const ms = new IdentifierMatcher(names).find('Kari Nordmann and Kari Hansen and Kari\nNordmann');
      assert.deepEqual(
        ms.map((m) => names[m.entry]),
        ['Kari Nordmann', 'Kari', 'Kari Nordmann'],
      );
    }
    // A longer entry that fails its boundary leaves the shorter one.
    assert.deepEqual(found(['Kari', 'Kari Nordmann'], 'Kari Nordmannsen'), ['Kari']);
  });

  it('skips names in web addresses, but not in e-mail addresses', function () {
    const names = ['Kari', 'Kari Nordmann', 'Tromsø'];
    assert.deepEqual(
      found(names, 'kari-nordmann.no, www.kari.no, https://example.org/kari, (kari.no), <https://tromsø.no/x>.'),
      [],
    );
    assert.deepEqual(found(names, 'kari@example.org and Kari. Then Tromsø, and **Kari**.'), [
      'kari',
      'Kari',
      'Tromsø',
      'Kari',
    ]);
  });

  it('gives exact UTF-16 offsets after emoji and astral letters', function () {
    const text = '😀😀 Kari 𝐀 Kari';
    const ms = new IdentifierMatcher(['Kari']).find(text);
    assert.deepEqual(
      ms.map((m) => [m.start, m.end]),
      [
        [5, 9],
        [13, 17],
      ],
    );
    // An astral letter is a word character: no boundary between it and the name.
    assert.deepEqual(found(['Kari'], '𝐀Kari'), []);
  });

  it('finds nothing with no entries, and skips blank ones', function () {
    assert.equal(new IdentifierMatcher([]).size, 0);
    assert.deepEqual(new IdentifierMatcher([]).find('Kari'), []);
    assert.deepEqual(found(['', '   ', 'Kari'], 'Kari'), ['Kari']);
  });

  it('agrees with one regular expression per entry on random text', function () {
    const names = ['Kari', 'Kari Nordmann', 'Åse', 'Nordmann', 'Se', '(x)', 'ø x'];
    const pieces = [
      'Kari',
      'kari',
      'KARI',
      'Nordmann',
      'Åse',
      'åse',
      'Åsen',
      's',
      'se',
      'n',
      'x',
      '(',
      ')',
      'ø',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\n\n',
      '-',
      "'",
      '😀',
      'é',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const ours = new IdentifierMatcher(names).find(text).map((m) => [m.start, m.end]);
        assert.deepEqual(ours, referenceMatches(names, text), JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference on names of several words that share words, and on punctuation', function () {
    // The scan looks names of two or more words up by their first two words, one-word
    // names (and names whose first word is followed by punctuation) by their first word:
    // these names and pieces make every kind meet every other in the text (a dot is always
    // followed by a space, as the reference knows nothing of web addresses).
    const names = [
      'Kari',
      'Kari Nordmann',
      'Anne Kari',
      'Per Kari Nordmann',
      'Nordmann Hansen',
      'Dr (Kari)',
      'Dr. Berg',
      'Åse Berg',
      'Ole-Per',
      'x',
      'y x',
    ];
    const pieces = [
      'Kari',
      'kari',
      'KARI',
      'Nordmann',
      'nordmanns',
      'Anne',
      'Per',
      'per',
      'Hansen',
      'Dr',
      'dr. ',
      'Berg',
      'Åse',
      'Ole',
      'x',
      'y',
      's',
      '(',
      ')',
      '-',
      '. ',
      "'",
      ' ',
      '  ',
      '\t',
      '\u00a0',
      '\n',
      '\r\n',
      '\n\n',
      '😀',
      'é',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const ours = new IdentifierMatcher(names).find(text).map((m) => [m.start, m.end]);
        assert.deepEqual(ours, referenceMatches(names, text), JSON.stringify(text));
      }),
      { numRuns: 4000 },
    );
  });
});

describe('identifiers matcher: the WebAssembly word loop', function () {
  // The loop (wasm/identifierWords.wat) moves on where the JavaScript scan would only move
  // on and hands every other token back; both scans must give the same matches, and the
  // reference's. Latin-1 texts are copied one byte a character, others two.
  const names = [
    'Kari',
    'Kari Nordmann',
    'Åse Berg',
    'Sørensen',
    'José',
    'Straße',
    '(x)',
    '¿Qué',
    'Dr. Berg',
    'Nordmann Hansen',
    'ñ x',
    'Łukasz',
  ];
  const latin1 = [
    'Kari',
    'KARI',
    'kari',
    'Nordmann',
    'nordmanns',
    'Åse',
    'A\u030ase',
    'Berg',
    'Bergs',
    'sørensen',
    'SØRENSEN',
    'José',
    'jose\u0301',
    'Straße',
    'STRASSE',
    '¿',
    'Qué',
    'Dr',
    '. ',
    'Hansen',
    'ñ',
    'x',
    '(',
    ')',
    's',
    ' ',
    '\t',
    '\u00a0',
    '\u0085',
    '\n',
    '\r\n',
    '\n\n',
    '-',
    "'",
    '²',
    'µ',
  ];
  const wide = [...latin1, 'Łukasz', 'łukasz', '’s', '😀', '\u2003', 'Ω', '\ufeff', 'e\u0301'];

  function both(text: string): void {
    const wasm = new IdentifierMatcher(names).find(text).map((m) => [m.start, m.end, m.entry]);
    const js = new IdentifierMatcher(names, false).find(text).map((m) => [m.start, m.end, m.entry]);
    assert.deepEqual(wasm, js, JSON.stringify(text));
    // The reference knows nothing of canonical equivalence (`A` and a combining ring is `Å`).
    if (text === text.normalize('NFC'))
      assert.deepEqual(
        wasm.map(([a, b]) => [a, b]),
        referenceMatches(names, text),
        JSON.stringify(text),
      );
  }

  it('agrees with the JavaScript scan and the reference on Latin-1 text', function () {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...latin1), { maxLength: 40 }), (parts) => both(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  it('agrees with them on text with characters above U+00FF, inside and outside words', function () {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...wide), { maxLength: 40 }), (parts) => both(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  it('scans one matcher over texts of growing size, narrow and wide, with the same answers', function () {
    const matcher = new IdentifierMatcher(names);
    const js = new IdentifierMatcher(names, false);
    let text = 'Kari Nordmann met Åse Berg. ';
    for (let k = 0; k < 12; k++) {
      text += k % 3 === 2 ? `${text}Łukasz’s ` : text;
      assert.deepEqual(matcher.find(text), js.find(text));
    }
    assert.ok(text.length > 100_000);
  });
});

/** Leftmost-longest matches with one sticky Unicode regex per entry: the rules written as regexes. */
function referenceMatches(names: string[], text: string): number[][] {
  const word = '[\\p{L}\\p{N}\\p{M}]';
  const res = names.map((n) => {
    const body = n
      .split(' ')
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('(?=\\s)[^\\S\\r\\n]*(?:\\r\\n|\\r|\\n)?[^\\S\\r\\n]*');
    const before = /^[\p{L}\p{N}]/u.test(n) ? `(?<!${word})` : '';
    const after = /[\p{L}\p{N}]$/u.test(n) ? `(?=[sS]?(?!${word}))` : '';
    return new RegExp(`${before}${body}${after}`, 'iuy');
  });
  const out: number[][] = [];
  for (let i = 0; i < text.length; i++) {
    let best = -1;
    for (const re of res) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m && m[0].length > 0) best = Math.max(best, i + m[0].length);
    }
    if (best > i) {
      out.push([i, best]);
      i = best - 1;
    }
  }
  return out;
}

describe('identifiers file', function () {
  it('reads names with and without pseudonyms, comments and blank lines, CR LF and a BOM', function () {
    const f = parseIdentifiersFile(
      '\ufeff# a comment\r\nKari Nordmann => Anna Berg\r\n\r\n  Åse  \r\nTromsø=>Havbyen\r\nOle   Olsen\r\n  # indented comment\r\nPer => \r\n',
    );
    assert.deepEqual(f.problems, []);
    assert.deepEqual(f.entries, [
      { name: 'Kari Nordmann', pseudonym: 'Anna Berg', madeUp: false, line: 2 },
      { name: 'Åse', pseudonym: '[Person 1]', madeUp: true, line: 4 },
      { name: 'Tromsø', pseudonym: 'Havbyen', madeUp: false, line: 5 },
      { name: 'Ole Olsen', pseudonym: '[Person 2]', madeUp: true, line: 6 },
      { name: 'Per', pseudonym: '[Person 3]', madeUp: true, line: 8 },
    ]);
  });

  it('reports problems by line number only, never the names', function () {
    const f = parseIdentifiersFile('Kari => A\n=> B\nKARI => C\n');
    assert.deepEqual(
      f.entries.map((e) => e.pseudonym),
      ['A'],
    );
    assert.deepEqual(f.problems, [
      'line 2 has a pseudonym but no name before "=>"',
      'line 3 repeats the name of line 1; the first one counts',
    ]);
    assert.ok(f.problems.every((p) => !/kari/i.test(p)));
  });

  it('an empty file has no entries and no problems', function () {
    for (const text of ['', '\n\n', '# only\n', '\ufeff'])
      assert.deepEqual(parseIdentifiersFile(text), { entries: [], problems: [] });
  });
});
