/**
 * The analyses read every unit's codes, speaker and plain-text range from the unit table
 * (analysisUnits), without making the unit objects: the values must be the objects' own,
 * with emoji (code points), combining marks, CRLF, a BOM, nesting, divs and speakers.
 */
import * as assert from 'node:assert/strict';
import { analysisUnits } from '../../../server/src/core/analysis/studyView';
import { parseTranscript } from '../../../server/src/core/transcript';
import { denseTranscript } from '../../bench/dense';

const TEXTS = [
  '\ufeff**P1:** [Emoji 😀 and e\u0301te\u0301]{.a .b .a} [we [the 😀 peer]{.c}]{.d}\n\n**P2:** [x]{.a}\n',
  '**P1:** [Windows\r\nline ends]{.t1s2}\r\n\r\n::: {.t3 note="n"}\r\n[inner 😀]{.nope}\r\n:::\r\n',
  'No speaker [a]{.x} then [b]{}.\n\n**Interviewer:** [c]{.y #id k=v}\n',
  denseTranscript(7, 20000),
];

describe('analysis: units read from the unit table', () => {
  it('gives each unit the codes, speaker and plain range of its object', () => {
    for (const text of TEXTS) {
      const t = parseTranscript(text);
      assert.ok(t.table, 'parsed with columns');
      const light = analysisUnits(t);
      const full = t.units.map((u) => {
        const o: { codes: string[]; speaker?: string; plainStart: number; plainEnd: number } = {
          codes: u.codes,
          plainStart: u.plainStart,
          plainEnd: u.plainEnd,
        };
        if (u.speaker !== undefined) o.speaker = u.speaker;
        return o;
      });
      assert.deepEqual(light, full);
    }
  });
});
