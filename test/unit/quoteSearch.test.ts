/**
 * The golden-quote search's shortcuts (quoteSearch.ts): ruling units out by a key looked
 * for in the file's lower-cased text, and scoring Latin units on their lower-cased text,
 * must find exactly what normalising every candidate finds, on text with case changes
 * that change lengths (İ), the Kelvin sign, combining marks, typographic quotes, NBSP,
 * emoji, CRLF and a BOM.
 */
import * as assert from 'node:assert/strict';
import { codeIndex } from '../../server/src/core/studyIndex';
import {
  candidateUnits,
  CLOSEST_FLOOR,
  quoteKeys,
  searchQuotesInFile,
  type QuoteSpec,
} from '../../server/src/core/quoteSearch';
import {
  fragmentsMatch,
  NEEDS_FULL,
  normalizeForQuote,
  quoteFragments,
  similarityAbove,
  similarityScorer,
} from '../../server/src/core/quotes';
import { QuoteWords } from '../../server/src/core/quoteWords';
import { parseTranscript } from '../../server/src/core/transcript';
import type { Transcript } from '../../server/src/core/model';
import type { UnitTable } from '../../server/src/core/unitTable';
import { prng } from './support/prng';

/** The search as it was before the shortcuts: every candidate normalised, then matched or scored. */
function reference(t: Transcript, specs: QuoteSpec[]): { matches: number[]; closest: number; score: number }[] {
  const byCode = codeIndex(t);
  return specs.map((spec) => {
    const candidates = candidateUnits({ transcript: t, byCode }, spec.codes);
    const texts = candidates.map((k) => normalizeForQuote(t.units[k].text));
    const matches = candidates.filter((_, i) => fragmentsMatch(spec.fragments, texts[i]));
    if (matches.length) return { matches, closest: -1, score: 0 };
    const score = similarityScorer(spec.fragments.join(' '));
    let closest = -1;
    let best = CLOSEST_FLOOR;
    candidates.forEach((k, i) => {
      const s = score(texts[i], best);
      if (s > best) {
        best = s;
        closest = k;
      }
    });
    return { matches, closest, score: best };
  });
}

const WORDS = [
  'peer',
  'PEER',
  'Workers',
  'we',
  'the',
  'trust',
  'café',
  'cafe\u0301',
  'İstanbul',
  'istanbul',
  '\u212Aelvin',
  'kelvin',
  'don’t',
  "don't",
  '“quoted”',
  '«guillemets»',
  'naïve',
  '😀',
  'ΣΟΦΙΑΣ',
  'σοφιας',
  'x1',
  'abc',
];
const SEPARATORS = [' ', ' ', ' ', '\n', '\r\n', '\u00a0', '  ', '\t'];

function studyText(rnd: () => number, lowerOnly: boolean): { text: string; phrases: string[] } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const words = lowerOnly ? WORDS.filter((w) => /^[a-z' ]+$/.test(w)) : WORDS;
  const phrase = (): string => {
    const n = 1 + Math.floor(rnd() * 6);
    let s = pick(words);
    for (let k = 1; k < n; k++) s += pick(SEPARATORS) + pick(words);
    return s;
  };
  const phrases: string[] = [];
  let text = rnd() < 0.3 ? '\ufeff' : '';
  for (let p = 0; p < 12; p++) {
    text += `**P${p % 3}:** `;
    for (let u = 0; u < 4; u++) {
      const s = phrase();
      phrases.push(s);
      text += rnd() < 0.7 ? `[${s}]{.c${Math.floor(rnd() * 3)}} ` : `${s} `;
    }
    text += rnd() < 0.5 ? '\r\n\r\n' : '\n\n';
  }
  return { text, phrases };
}

describe('golden-quote search shortcuts', () => {
  it('keys are the runs of lower-case ASCII letters and digits, three or more long, longest first, four at most', () => {
    assert.deepEqual(quoteKeys(['we the peer workers']), ['workers', 'peer', 'the']);
    assert.deepEqual(quoteKeys(['ab', 'x1y2z', 'x1y2z']), ['x1y2z']);
    assert.deepEqual(quoteKeys(['ab cd', 'é']), []);
    assert.deepEqual(quoteKeys(["don't stop", 'caf\u00e9s']), ['stop', 'caf', 'don']);
    assert.deepEqual(quoteKeys(['aaaa bbbb cccc dddd eeeee']), ['eeeee', 'aaaa', 'bbbb', 'cccc']);
  });

  for (const lowerOnly of [false, true]) {
    it(`finds what normalising every unit finds (${lowerOnly ? 'Latin text' : 'mixed scripts and marks'})`, () => {
      let compared = 0;
      let matched = 0;
      let closest = 0;
      for (let seed = 1; seed <= 120; seed++) {
        const rnd = prng(seed);
        const { text, phrases } = studyText(rnd, lowerOnly);
        const t = parseTranscript(text);
        const specs: QuoteSpec[] = [];
        for (let q = 0; q < 6; q++) {
          const quote =
            q < 3
              ? phrases[Math.floor(rnd() * phrases.length)]
              : `${phrases[Math.floor(rnd() * phrases.length)]} ... ${phrases[Math.floor(rnd() * phrases.length)]}`;
          const fragments = quoteFragments(quote);
          specs.push({ fragments, codes: q % 2 ? ['c0', 'c1', 'c2'] : [`c${q % 3}`] });
        }
        const got = searchQuotesInFile({ transcript: parseTranscript(text), byCode: codeIndex(t) }, specs);
        const want = reference(t, specs);
        assert.deepEqual(got, want, `seed ${seed}: ${JSON.stringify(text)}`);
        compared += specs.length;
        for (const r of want) {
          if (r.matches.length) matched++;
          if (r.closest >= 0) closest++;
        }
      }
      // The comparison covers both answers: quotes found, and closest units suggested.
      assert.ok(matched > compared / 4, `${matched} of ${compared} quotes matched`);
      assert.ok(closest > 0, 'no closest unit was suggested');
    });
  }

  describe('the closest unit scored in place (quoteWords.ts)', () => {
    // Latin-1 letters and numbers (ß, µ, ª, ², ½ are word characters, « » and ¿ are not),
    // apostrophes, digits, and a few characters from U+0300 on for the slower path.
    const LATIN = [
      'peer',
      'workers',
      "don't",
      "'tis",
      'x1',
      '2024',
      'é',
      'café',
      'straße',
      'µg',
      'ªb',
      'm²',
      '½',
      'naïve',
    ];
    const OTHER = ['ⱥx', 'cafe\u0301', '😀', 'σοφια', 'a\u2019b'];
    const GAPS = [' ', ' ', '  ', '\n', '\r\n', '\u00a0', ', ', '. ', '«', '»', '¿', '-', '*'];

    // Without « and », which send a file to the normalising path.
    const LATIN_GAPS = GAPS.filter((g) => !/[«»]/.test(g));

    function text(rnd: () => number, words: string[], n: number, gaps = GAPS): string {
      let s = rnd() < 0.5 ? gaps[Math.floor(rnd() * gaps.length)] : '';
      for (let k = 0; k < n; k++) {
        s += words[Math.floor(rnd() * words.length)];
        // Sometimes no gap: words run together, so ranges and quotes cut words differently.
        if (rnd() < 0.85) s += gaps[Math.floor(rnd() * gaps.length)];
      }
      return s;
    }

    for (const mixed of [false, true]) {
      it(`gives similarityAbove's score for every range, ends inside words included (${mixed ? 'with characters from U+0300 on' : 'Latin'})`, () => {
        const words = mixed ? [...LATIN, ...OTHER] : LATIN;
        let positive = 0;
        let insideWord = 0;
        let capped = 0;
        for (let seed = 1; seed <= 150; seed++) {
          const rnd = prng(seed * 31);
          const file = text(rnd, words, 60);
          const quote = text(rnd, words, 1 + Math.floor(rnd() * 5));
          const scorer = new QuoteWords(quote);
          for (let r = 0; r < 60; r++) {
            let start = Math.floor(rnd() * file.length);
            let end = Math.min(file.length, start + Math.floor(rnd() * (r % 5 ? 40 : 300)));
            if (r % 2 === 0) {
              // A quote's own text placed in the range, cut or not at either end.
              const at = file.indexOf(quote.trim().slice(0, 4));
              if (at >= 0) [start, end] = [at, Math.min(file.length, at + quote.length + Math.floor(rnd() * 3))];
            }
            const floor = r % 3 === 0 ? CLOSEST_FLOOR : CLOSEST_FLOOR + rnd() * 0.7;
            const want = similarityAbove(quote, file.slice(start, end), floor);
            const got = scorer.score(file, start, end, floor);
            assert.equal(
              got,
              want,
              `seed ${seed}: ${JSON.stringify(quote)} in ${JSON.stringify(file.slice(start, end))} (${start}, ${end}) floor ${floor}`,
            );
            if (want > 0) positive++;
            if (want === 0 && similarityAbove(quote, file.slice(start, end), 0) > 0) capped++;
            if (/[\p{L}\p{N}']/u.test(file[start - 1] ?? '') && /[\p{L}\p{N}']/u.test(file[start] ?? '')) insideWord++;
          }
        }
        // Both answers are compared: scores, and the zero of a range too long to pass the floor.
        assert.ok(positive > 400, `${positive} positive scores`);
        assert.ok(capped > 100, `${capped} ranges over the cap`);
        assert.ok(insideWord > 3000, `${insideWord} ranges starting inside a word`);
      });
    }

    it('reads a range that starts or ends inside a word as its slice does', () => {
      const scorer = new QuoteWords("peer workers don't");
      // "xpeer workers don'tx": the range leaves both x out, so it holds the quote's words.
      assert.equal(scorer.score("xpeer workers don'tx", 1, 19, CLOSEST_FLOOR), 1);
      assert.equal(
        scorer.score("xpeer workers don'tx", 0, 20, CLOSEST_FLOOR),
        similarityAbove("peer workers don't", "xpeer workers don'tx", CLOSEST_FLOOR),
      );
      // A surrogate pair cut by the end of the range is a lone surrogate, a separator.
      assert.equal(
        scorer.score('peer workers😀', 0, 13, CLOSEST_FLOOR),
        similarityAbove("peer workers don't", 'peer workers\ud83d', CLOSEST_FLOOR),
      );
    });

    it('finds the closest unit and score of similarityAbove over every candidate, units inside words included', () => {
      let closest = 0;
      let insideWord = 0;
      for (let seed = 1; seed <= 80; seed++) {
        const rnd = prng(seed * 101);
        let src = rnd() < 0.3 ? '\ufeff' : '';
        const phrases: string[] = [];
        const glued: string[] = [];
        for (let p = 0; p < 10; p++) {
          src += `**P${p % 2}:** `;
          for (let u = 0; u < 5; u++) {
            const s =
              text(rnd, LATIN, 1 + Math.floor(rnd() * 6), LATIN_GAPS)
                .replace(/[*[\]{}]/g, ' ')
                .trim() || 'peer';
            // Glued to the words around it half of the time: the unit starts or ends inside a word.
            const glue = rnd() < 0.5 ? '' : ' ';
            if (rnd() < 0.7) {
              src += `${glue}[${s}]{.c${Math.floor(rnd() * 3)}}${glue}`;
              if (!glue) glued.push(s);
            } else src += `${s} `;
            phrases.push(s);
          }
          src += rnd() < 0.5 ? '\r\n\r\n' : '\n\n';
        }
        const t = parseTranscript(src);
        const byCode = codeIndex(t);
        const plain = (t.table as UnitTable).plain.text;
        // All Latin: the file's units are scored in place, not on their normalised text.
        assert.ok(!NEEDS_FULL.test(plain));
        const specs: QuoteSpec[] = [];
        for (let q = 0; q < 6; q++) {
          // A phrase with a word changed or added, so that nothing matches and the closest
          // unit is looked for; most often a glued unit's, whose range cuts the words around it.
          const from = q < 4 && glued.length ? glued : phrases;
          const words = from[Math.floor(rnd() * from.length)].split(' ');
          if (q % 2) words.push('zz');
          else words[Math.floor(rnd() * words.length)] = `${words[0]}q`;
          specs.push({ fragments: quoteFragments(words.join(' ')), codes: q % 3 ? ['c0', 'c1', 'c2'] : [`c${q % 3}`] });
        }
        const got = searchQuotesInFile({ transcript: parseTranscript(src), byCode }, specs);
        specs.forEach((spec, i) => {
          if (got[i].matches.length) return;
          const a = spec.fragments.join(' ');
          let want = -1;
          let best = CLOSEST_FLOOR;
          for (const k of candidateUnits({ transcript: t, byCode }, spec.codes)) {
            const s = similarityAbove(a, normalizeForQuote(t.units[k].text), best);
            if (s > best) {
              best = s;
              want = k;
            }
          }
          assert.deepEqual(
            { closest: got[i].closest, score: got[i].score },
            { closest: want, score: best },
            `seed ${seed}, quote ${i}: ${JSON.stringify(src)}`,
          );
          if (want >= 0) closest++;
          const at = (t.table as UnitTable).plainStart16(want);
          if (want >= 0 && /^[\p{L}\p{N}']{2}$/u.test(plain.slice(at - 1, at + 1))) insideWord++;
        });
      }
      assert.ok(insideWord > 20, `${insideWord} closest units start inside a word`);
      assert.ok(closest > 100, `${closest} closest units compared`);
    });
  });
});
