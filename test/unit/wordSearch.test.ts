/**
 * The golden-quote search on words (fileWords.ts, wordSearch.ts) against the definition:
 * a whole study indexed (StudyIndex.quoteProvenance), compared with every candidate unit
 * of every file normalised and matched (fragmentsMatch), and where none matches, scored
 * with similarity() in file order, first of equal scores kept. The studies have nested
 * units, units glued to the words around them, words across markup, CRLF, BOMs, « »,
 * and files the word path leaves to the unit-by-unit search (emoji, combining marks, İ).
 */
import * as assert from 'node:assert/strict';
import { StudyIndex, codeIndex } from '../../server/src/core/studyIndex';
import { candidateUnits, CLOSEST_FLOOR } from '../../server/src/core/quoteSearch';
import { fragmentsMatch, normalizeForQuote, quoteFragments, similarity } from '../../server/src/core/quotes';
import { FileWords, QuoteVocabulary, wordHash } from '../../server/src/core/fileWords';
import { interiorWords } from '../../server/src/core/wordSearch';
import { parseTranscript } from '../../server/src/core/transcript';
import type { Transcript } from '../../server/src/core/model';
import type { UnitTable } from '../../server/src/core/unitTable';
import { prng } from './support/prng';

const LATIN = ['we', 'the', 'peer', 'workers', 'We', 'PEER', "don't", 'naïve', 'Straße', 'x1', 'café', 'ØNSKE', 'µg'];
const OTHER = ['😀', 'cafe\u0301', 'İstanbul', 'σοφια', 'don’t'];
const GAPS = [' ', ' ', ' ', '  ', '\n', '\r\n', ', ', '. ', '-', '\u00a0', ' « ', ' » '];

interface Ref {
  matches: string[];
  closest: string | null;
}

/** The definition, over the study's transcripts in order. */
function reference(files: [string, Transcript][], fragments: string[], codes: string[]): Ref {
  const matches: string[] = [];
  const texts: [string, number, string][] = [];
  for (const [uri, t] of files) {
    for (const k of candidateUnits({ transcript: t, byCode: codeIndex(t) }, codes)) {
      const text = normalizeForQuote(t.units[k].text);
      if (fragmentsMatch(fragments, text)) matches.push(`${uri}#${k}`);
      texts.push([uri, k, text]);
    }
  }
  if (matches.length) return { matches, closest: null };
  let best = CLOSEST_FLOOR;
  let closest: string | null = null;
  for (const [uri, k, text] of texts) {
    const s = similarity(fragments.join(' '), text);
    if (s > best) {
      best = s;
      closest = `${uri}#${k}`;
    }
  }
  return { matches, closest };
}

function phrase(rnd: () => number, words: string[], n: number): string {
  let s = words[Math.floor(rnd() * words.length)];
  for (let k = 1; k < n; k++) {
    // Now and then no gap, or markup inside a word: words run together and across markup.
    const r = rnd();
    const gap = r < 0.05 ? '' : r < 0.1 ? '**' : GAPS[Math.floor(rnd() * GAPS.length)];
    s += gap + words[Math.floor(rnd() * words.length)];
    if (gap === '**') s += '**';
  }
  return s;
}

/** A transcript with nested, glued and repeated units (ties), and the phrases it holds. */
function transcript(rnd: () => number, words: string[], phrases: string[]): string {
  let src = rnd() < 0.2 ? '\ufeff' : '';
  const nl = rnd() < 0.5 ? '\r\n' : '\n';
  for (let turn = 0; turn < 6; turn++) {
    src += `**P${turn % 2}:** `;
    for (let u = 0; u < 4; u++) {
      const r = rnd();
      const code = `.c${Math.floor(rnd() * 3)}`;
      const p =
        rnd() < 0.15 && phrases.length
          ? phrases[Math.floor(rnd() * phrases.length)]
          : phrase(rnd, words, 1 + Math.floor(rnd() * 7));
      phrases.push(p);
      const glue = rnd() < 0.2 ? '' : ' ';
      if (r < 0.2) {
        const inner = phrase(rnd, words, 1 + Math.floor(rnd() * 3));
        phrases.push(inner);
        src += `${glue}[${p} [${inner}]{.c${Math.floor(rnd() * 3)}} ${phrase(rnd, words, 2)}]{${code}}${glue}`;
      } else if (r < 0.8) src += `${glue}[${p}]{${code}${rnd() < 0.3 ? ' .c2' : ''}}${glue}`;
      else src += `${p} `;
    }
    src += nl + nl;
  }
  return src;
}

describe('golden-quote search on words', () => {
  it('interior words are those with a non-word character on both sides inside their fragment', () => {
    assert.deepEqual(interiorWords(['we the peer workers']), ['the', 'peer']);
    assert.deepEqual(interiorWords(['"we, the" peer', "don't stop"]), ['we', 'the']);
    assert.deepEqual(interiorWords(['workers', 'a b']), []);
  });

  it('reads a file into words as the scorer splits its lower-cased plain text, and leaves non-Latin files alone', () => {
    const vocabulary = new QuoteVocabulary(['peer', 'naïve', "don't", 'straße']);
    const t = parseTranscript("**P:** [PEER **wor**kers]{.a} NAÏVE, Don't\r\nStraße. x\n");
    const table = t.table as UnitTable;
    const plain = table.plain.text;
    const words = FileWords.read(table, vocabulary, [0, plain.length]) as FileWords;
    const got: [string, string | null][] = [];
    for (let i = 0; i < words.count; i++) {
      got.push([
        plain.slice(words.starts[i], words.ends[i]),
        words.ids[i] >= 0 ? vocabulary.words[words.ids[i]] : null,
      ]);
    }
    const want = (plain.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).map((w) => [
      w,
      vocabulary.numberOf(w) >= 0 ? w : null,
    ]);
    assert.deepEqual(
      got.map(([w, id]) => [w.toLowerCase(), id]),
      want,
    );
    assert.equal(wordHash('peer'), wordHash('peer'));
    for (const other of ['😀 peer', 'cafe\u0301', 'İstanbul']) {
      const o = parseTranscript(`**P:** [${other}]{.a}\n`).table as UnitTable;
      assert.equal(FileWords.read(o, vocabulary, [0, o.plain.text.length]), null, other);
    }
  });

  it('finds the same in a file larger than the buffers it keeps, and in a small file after it', () => {
    const rnd = prng(99);
    const phrases: string[] = [];
    // About 300,000 words: more than the word buffers a thread keeps between files.
    let big = '';
    while (big.length < 1_500_000) big += transcript(rnd, LATIN, phrases);
    const files: [string, string][] = [
      ['file:///s/big.md', big],
      ['file:///s/small.md', transcript(rnd, LATIN, phrases)],
    ];
    const quotes = ['peer workers we the', "the don't ... naïve we", 'zz the peer'];
    let codebook = '# Theme {#th}\n\n### Quotes\n\n' + quotes.map((q) => `> ${q}\n\n`).join('');
    for (let c = 0; c < 3; c++) codebook += `## Code ${c} {#c${c}}\n\n`;
    const index = new StudyIndex();
    index.setDocument('file:///s/codebook.md', codebook, 'codebook');
    for (const [uri, text] of files) index.setDocument(uri, text, 'transcript');
    const parsed = files.map(([uri, text]): [string, Transcript] => [uri, parseTranscript(text)]);
    const found = index.quoteProvenance();
    assert.equal(found.length, quotes.length);
    // Quotes found (in the big file) and not found (with a closest unit) are both compared.
    assert.ok(found.some((p) => p.matches.some((m) => m.uri.endsWith('big.md'))));
    assert.ok(found.some((p) => p.closest));
    for (const p of found) {
      const want = reference(parsed, quoteFragments(p.quote.text), index.subtree(p.quote.code));
      assert.deepEqual(
        {
          matches: p.matches.map((m) => `${m.uri}#${m.index}`),
          closest: p.closest ? `${p.closest.uri}#${p.closest.index}` : null,
        },
        want,
        p.quote.text,
      );
    }
  });

  for (const mixed of [false, true]) {
    it(`finds in a whole study what the definition finds (${mixed ? 'some files not Latin' : 'Latin files'})`, () => {
      let matched = 0;
      let suggested = 0;
      let compared = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const rnd = prng(seed * 7 + (mixed ? 1 : 0));
        const phrases: string[] = [];
        const files: [string, string][] = [];
        for (let f = 0; f < 4; f++) {
          const words = mixed && rnd() < 0.4 ? [...LATIN, ...OTHER] : LATIN;
          files.push([`file:///s/t${f}.md`, transcript(rnd, words, phrases)]);
        }
        const quotes: string[] = [];
        for (let q = 0; q < 8; q++) {
          const p = phrases[Math.floor(rnd() * phrases.length)].replace(/[*[\]{}]/g, ' ');
          const words = p.split(/\s+/).filter(Boolean);
          if (q % 4 === 1) words.push('zz');
          else if (q % 4 === 2) words[Math.floor(rnd() * words.length)] = 'we';
          else if (q % 4 === 3 && words.length > 3) words.splice(1, 1, '...');
          quotes.push(words.join(' ').replace(/^\.\.\.|\.\.\.$/g, 'x') || 'peer');
        }
        // A theme whose candidates are all units (its subcodes'), and three codes; two quotes each.
        const section = (i: number): string => `### Quotes\n\n> ${quotes[i]}\n\n> ${quotes[i + 4]}\n\n`;
        let codebook = `# Theme {#th}\n\n${section(0)}`;
        for (let c = 0; c < 3; c++) codebook += `## Code ${c} {#c${c}}\n\n${section(c + 1)}`;
        const index = new StudyIndex();
        index.setDocument('file:///s/codebook.md', codebook, 'codebook');
        for (const [uri, text] of files) index.setDocument(uri, text, 'transcript');
        const parsed = files.map(([uri, text]): [string, Transcript] => [uri, parseTranscript(text)]);
        for (const p of index.quoteProvenance()) {
          const codes = index.subtree(p.quote.code);
          const want = reference(parsed, quoteFragments(p.quote.text), codes);
          const got: Ref = {
            matches: p.matches.map((m) => `${m.uri}#${m.index}`),
            closest: p.closest ? `${p.closest.uri}#${p.closest.index}` : null,
          };
          assert.deepEqual(got, want, `seed ${seed}: ${JSON.stringify(p.quote.text)} in ${JSON.stringify(files)}`);
          compared++;
          if (want.matches.length) matched++;
          if (want.closest) suggested++;
        }
      }
      assert.ok(matched > compared / 5, `${matched} of ${compared} quotes matched`);
      assert.ok(suggested > compared / 5, `${suggested} of ${compared} closest units suggested`);
    });
  }
});
