/**
 * A study's `speakerPattern` is checked when condense.json is read: patterns that can
 * backtrack exponentially (or polynomially with a high degree) are refused with a
 * `bad-config` diagnostic that says why, and the default labels stand in. An accepted
 * pattern is matched only against the first SPEAKER_PREFIX characters of a paragraph.
 */
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../server/src/core/config';
import { SPEAKER_PREFIX } from '../../server/src/core/limits';
import { speakerPatternRisk } from '../../server/src/core/speakerSafety';
import { compileSpeakerPattern, DEFAULT_SPEAKER_PATTERN, type SpeakerLabel } from '../../server/src/core/speakers';
import { parseTranscript } from '../../server/src/core/transcript';

function configFor(pattern: string): ReturnType<typeof parseConfig> {
  return parseConfig(JSON.stringify({ speakerPattern: pattern }));
}

describe('speakerPattern: safety', () => {
  it('refuses nested repetition, with a one-line bad-config diagnostic on the key', () => {
    const { config, diagnostics } = configFor('^(a+)+:');
    assert.equal(config.speakerPattern, undefined);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'bad-config');
    assert.equal(diagnostics[0].severity, 'error');
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 1 }, end: { line: 0, character: 17 } });
    assert.equal(
      diagnostics[0].message,
      '"speakerPattern" is refused, since it nests repetitions (such as `(a+)+`) or repeats more than 25 times, which can take exponential time; using the default speaker labels.',
    );
  });

  it('refuses alternatives under repetition and more than two unbounded quantifiers', () => {
    assert.match(speakerPatternRisk('^(a|a)*:') ?? '', /repeats a group that holds alternatives/);
    assert.match(speakerPatternRisk('^(?:x|(a|b))+:') ?? '', /repeats a group that holds alternatives/);
    assert.match(speakerPatternRisk('^a*a*a*:') ?? '', /has 3 unbounded quantifiers/);
    assert.match(speakerPatternRisk('^a{2,}b+c*:') ?? '', /has 3 unbounded quantifiers/);
    assert.equal(configFor('^(a|a)*:').config.speakerPattern, undefined);
  });

  it('accepts the default, the documented example and ordinary patterns', () => {
    for (const p of [
      DEFAULT_SPEAKER_PATTERN,
      '^\\*\\*([^*]+):\\*\\*',
      '^([A-Z]\\w*):',
      '^(Interviewer|Participant \\d+):',
      '^(?<who>[\\p{L} ]{1,40}):',
      '^[(|*]+([a-z]+):',
    ]) {
      assert.equal(speakerPatternRisk(p), null, p);
      const { config, diagnostics } = configFor(p);
      assert.equal(config.speakerPattern, p);
      assert.deepEqual(diagnostics, []);
    }
  });

  it('still reports a pattern that does not compile as invalid, not as unsafe', () => {
    const { diagnostics } = configFor('^(a');
    assert.equal(
      diagnostics[0].message,
      '"speakerPattern" should be a valid regular expression whose first group is the speaker label.',
    );
  });

  it('never runs a refused pattern, even when a caller passes it to the parser', () => {
    assert.equal(compileSpeakerPattern('^(a+)+:'), null);
    const t0 = Date.now();
    const t = parseTranscript(`${'a'.repeat(40)}!\n\n**P1:** Hello.\n`, { speakerPattern: '^(a+)+:' });
    assert.ok(Date.now() - t0 < 1000);
    assert.deepEqual(
      t.turns.map((x) => x.speaker),
      ['P1'],
    );
  });

  it(`matches only the first ${SPEAKER_PREFIX} characters of a paragraph`, () => {
    const label = 'x'.repeat(SPEAKER_PREFIX - 1);
    const pattern = '^(x+):';
    assert.deepEqual(
      parseTranscript(`${label}: said.\n`, { speakerPattern: pattern }).turns.map((x) => x.speaker),
      [label],
    );
    // One more character and the colon lies past the prefix: no speaker.
    assert.deepEqual(parseTranscript(`${label}x: said.\n`, { speakerPattern: pattern }).turns, []);
    // A megabyte-long first line costs no more than its prefix.
    const t0 = Date.now();
    parseTranscript(`${'x'.repeat(1 << 20)}\n`, { speakerPattern: '^(x+)\\s*(y+):' });
    assert.ok(Date.now() - t0 < 2000);
  });

  it('reads the default labels on the text as the slice of each line was read before (5,000 random paragraphs)', () => {
    // The matcher as it was, on the paragraph's first SPEAKER_PREFIX characters sliced out.
    const re = new RegExp(DEFAULT_SPEAKER_PATTERN, 'u');
    const before = (line: string): { label: string; length: number; boldClose?: number } | null => {
      if (line.lastIndexOf(':', 45) === -1) return null;
      if (line.charCodeAt(0) === 42 && line.charCodeAt(1) === 42) {
        const close = line.indexOf('**', 2);
        const inner = line.slice(2, close);
        if (close >= 3 && close <= 43 && !inner.includes('*') && !inner.includes('\n')) {
          let label: string | null = null;
          let length = 0;
          if (inner.endsWith(':') && inner.length > 1) {
            label = inner.slice(0, -1);
            length = close + 2;
          } else if (line.charCodeAt(close + 2) === 58) {
            label = inner;
            length = close + 3;
          }
          const after = line.charCodeAt(length);
          const ends = Number.isNaN(after) || after === 32 || after === 9 || after === 10 || after === 13;
          if (label !== null && ends && label.trim()) return { label: label.trim(), length, boldClose: close };
        }
      }
      const m = re.exec(line);
      if (!m || m.index !== 0) return null;
      const label = (m.slice(1).find((g) => g !== undefined && g !== '') ?? m[0]).trim();
      if (label === '' || (m[3] !== undefined && label.split(/\s+/).length > 3)) return null;
      return { label, length: m[0].length };
    };
    const matcher = compileSpeakerPattern(undefined);
    assert.ok(matcher);
    const pieces = [
      '*',
      '**',
      ':',
      'P1',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u2028',
      'é',
      '😀',
      'Ann Lee',
      'x'.repeat(30),
      '_',
    ];
    let seed = 5;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 5000; round++) {
      let text = round % 3 === 0 ? 'before\n\n' : '';
      const start = text.length;
      // Half of them shaped as bold labels (white space of every kind at their edges).
      if (round % 2 === 0) {
        const edges = [' ', '\t', '\r', '\u00a0', '\u3000', '\u000b', '', ''];
        text += `**${edges[random(edges.length)]}${pieces[random(pieces.length)]}${edges[random(edges.length)]}`;
        text += ['**:', ':**', ':**:', '**', ':'][random(5)] + [' ', '', '\n', '\r', 'x', '\t'][random(6)];
      }
      const n = random(round % 2 === 0 ? 3 : 12) + (round % 2 === 0 ? 0 : 1);
      for (let k = 0; k < n; k++) text += pieces[random(pieces.length)];
      const end = start + random(text.length - start + 1);
      text += 'after: the rest';
      const got: SpeakerLabel | null = matcher.match(text, start, end);
      const want = before(text.slice(start, Math.min(end, start + SPEAKER_PREFIX)));
      assert.deepEqual(got, want, JSON.stringify([text, start, end]));
    }
  });
});
