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
import { fragmentsMatch, normalizeForQuote, quoteFragments, similarityScorer } from '../../server/src/core/quotes';
import { parseTranscript } from '../../server/src/core/transcript';
import type { Transcript } from '../../server/src/core/model';

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

/** A small deterministic generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
});
