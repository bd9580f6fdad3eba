/**
 * The CSV export, parsed back with csv-parse: one row per unit and code, participant
 * attributes as columns, RFC 4180 quoting and CRLF, an optional BOM.
 */
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { csvField } from '../../../common/csv';
import { renderUnitsCsv } from '../../../server/src/core/export/csv';
import { FIXTURE } from './fixture';
import { cleanTemps, exportInput, load, SAMPLE, tempStudy } from './support';

describe('export: csv', () => {
  after(cleanTemps);

  it('writes the fixture exactly, one row per unit and code', () => {
    const csv = renderUnitsCsv(exportInput(load(tempStudy(FIXTURE))));
    const rows = parse(csv, { bom: false }) as string[][];
    assert.deepEqual(rows, [
      ['unit_id', 'transcript', 'line', 'speaker', 'participant_age', 'participant_role', 'code', 'code_path', 'text'],
      ['u1', 'transcripts/a.md', '7', 'P1', '34', 'nurse', 'joy', 'Feelings 😊 > Joy', 'the cafe\u0301 au lait'],
      ['', 'transcripts/a.md', '8', 'P1', '34', 'nurse', 'feel', 'Feelings 😊', 'this line wraps'],
      ['', 'transcripts/a.md', '8', 'P1', '34', 'nurse', 'joy', 'Feelings 😊 > Joy', 'this line wraps'],
      ['', 'transcripts/a.md', '11', 'I', '', '', '', '', 'nothing'],
      [
        '',
        'transcripts/b.md',
        '9',
        'P2',
        '',
        'doctor, senior',
        'feel',
        'Feelings 😊',
        'P2: First paragraph 👍🏽. Second "paragraph".',
      ],
    ]);
    assert.ok(csv.endsWith('\r\n'));
    assert.doesNotMatch(csv.replace(/\r\n/g, ''), /[\r\n]/, 'every line ends with CRLF');
    assert.ok(csv.includes('"doctor, senior"') && csv.includes('"P2: First paragraph 👍🏽. Second ""paragraph""."'));
  });

  it('quotes as RFC 4180 says', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\r'), '"cr\r"');
  });

  it('starts with a BOM when asked', () => {
    const study = load(SAMPLE);
    const csv = renderUnitsCsv(exportInput(study), { bom: true });
    assert.equal(csv.charCodeAt(0), 0xfeff);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    const units = study.index.documents('transcript').flatMap((d) => d.transcript?.units ?? []);
    assert.equal(units.length, 62);
    assert.equal(
      rows.length,
      units.reduce((n, u) => n + Math.max(1, new Set(u.codes).size), 0),
    );
    assert.deepEqual(Object.keys(rows[0]), [
      'unit_id',
      'transcript',
      'line',
      'speaker',
      'participant_role',
      'participant_service',
      'code',
      'code_path',
      'text',
    ]);
    assert.ok(rows.every((r) => !/\s{2}|\n/.test(r.text)));
  });
});
