/**
 * Hints for names not yet listed (`"identifierHints": true`): exact ranges, the
 * precision on the sample study that the README reports (hand-labelled), the CLI and
 * the quick fix that adds a name to the identifiers file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { findNameHints } from '../../../server/src/core/identifiers/hints';
import { provideAddIdentifierActions } from '../../../server/src/features/identifyingText';
import { cli } from './support';

const SAMPLE = path.resolve(__dirname, '../../../sample');

describe('privacy: hints for names not yet listed', function () {
  this.timeout(30000);

  it('marks capitalised person and place names at exact ranges, punctuation trimmed', function () {
    const text = '**P1:** 😀 I met John Smith in Oslo. Then Mary went to Bergen — reps said so.';
    const hints = findNameHints(text).map((h) => [h.kind, h.name, text.slice(h.start, h.end)]);
    assert.deepEqual(hints, [
      ['person', 'John Smith', 'John Smith'],
      ['place', 'Oslo', 'Oslo'],
      ['person', 'Mary', 'Mary'],
      ['place', 'Bergen', 'Bergen'],
    ]);
  });

  it('has the precision on the sample study that the README reports', function () {
    // Hand-labelled: every person or place name of the sample's transcripts and codebook.
    const names = ['Åkerblom', 'Mohn-Haugen', 'Agdal', 'Ness', 'Bjørn'];
    const files = ['codebook.md', ...fs.readdirSync(path.join(SAMPLE, 'transcripts')).map((f) => `transcripts/${f}`)];
    const hints = files.flatMap((f) => findNameHints(fs.readFileSync(path.join(SAMPLE, f), 'utf8')).map((h) => h.name));
    const correct = hints.filter((h) => names.some((n) => n === h || n.split('-').includes(h)));
    assert.deepEqual(hints, ['Haugen', 'Bjørn']);
    assert.equal(correct.length / hints.length, 1, 'precision 2 of 2');
    assert.equal(
      names.filter((n) => hints.some((h) => n === h || n.split('-').includes(h))).length,
      2,
      'recall 2 of 5',
    );
  });

  it('appears in condense check as hints, not errors, and never for a listed name', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'condense-hints-'));
    try {
      fs.writeFileSync(path.join(dir, 'names.txt'), 'Mary => Maria\n');
      fs.writeFileSync(
        path.join(dir, 'condense.json'),
        JSON.stringify({ identifiers: 'names.txt', identifierHints: true }),
      );
      fs.writeFileSync(path.join(dir, '.gitignore'), 'names.txt\n');
      fs.writeFileSync(path.join(dir, 'a.md'), 'I met John Smith, and Mary.\n');
      const r = cli('check', dir, '--json');
      const ds = JSON.parse(r.out.join('\n')) as {
        file: string;
        code: string;
        severity: string;
        range: { start: { character: number } };
        message: string;
      }[];
      assert.deepEqual(
        ds
          .filter((d) => d.file !== 'condense.json')
          .map((d) => [d.code, d.severity, d.range.start.character, d.message]),
        [
          ['possible-identifier', 'hint', 6, 'Possibly the name of a person that the identifiers file does not list.'],
          [
            'identifying-text',
            'error',
            22,
            'Identifying text: a name listed in the identifiers file. Replace it with its pseudonym "Maria".',
          ],
        ],
      );
      fs.writeFileSync(path.join(dir, 'condense.json'), JSON.stringify({ identifiers: 'names.txt' }));
      assert.ok(
        (JSON.parse(cli('check', dir, '--json').out.join('\n')) as { code: string }[]).every(
          (d) => d.code !== 'possible-identifier',
        ),
        'off by default',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('offers "Add to the identifiers file": an edit of that file only, on a line of its own', function () {
    const hint = (name: string): Diagnostic => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
      code: 'possible-identifier',
      message: '',
      data: { name },
    });
    const edit = (e: Record<string, TextEdit[]>): WorkspaceEdit => ({ changes: e });
    const uri = 'file:///private/names.txt';
    for (const [text, end, newText] of [
      ['Kari\n', { line: 1, character: 0 }, 'John Smith\n'],
      ['Kari', { line: 0, character: 4 }, '\nJohn Smith\n'],
      ['Kari\r\nOle\r\n', { line: 2, character: 0 }, 'John Smith\r\n'],
      ['', { line: 0, character: 0 }, 'John Smith\n'],
    ] as const) {
      const actions = provideAddIdentifierActions(
        [hint('John Smith'), hint('John Smith')],
        () => ({ uri, text }),
        edit,
      );
      assert.deepEqual(
        actions.map((a) => [a.title, a.edit]),
        [
          [
            'Add "John Smith" to the identifiers file',
            { changes: { [uri]: [{ range: { start: end, end }, newText }] } },
          ],
        ],
      );
    }
    let read = 0;
    assert.deepEqual(
      provideAddIdentifierActions([{ ...hint('x'), code: 'unknown-code' }], () => (read++, null), edit),
      [],
    );
    assert.equal(read, 0, 'the file is read only for a hint');
  });
});
