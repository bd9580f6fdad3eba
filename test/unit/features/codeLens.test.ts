import * as assert from 'node:assert/strict';
import { provideCodeLenses } from '../../../server/src/features/codeLens';
import { BOOK, R, study, T } from './util';

describe('code lenses', () => {
  const book = '# Shift {#shift}\n\n## Facilitate {#facilitate}\n\n## Unused {#unused}\n';
  const index = study(book, {
    a: '**P1:** [a]{.facilitate} [b]{.shift}\n\n**P2:** [c]{.facilitate}\n',
    b: '**P1:** [d]{.facilitate}\n',
  });

  it('shows units, transcripts and speakers above each code heading', () => {
    assert.deepEqual(provideCodeLenses(index, BOOK), [
      {
        range: R(0, 0, 0, 16),
        command: {
          title: '4 units · 2 transcripts · 3 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['shift'],
        },
      },
      {
        range: R(2, 0, 2, 27),
        command: {
          title: '3 units · 2 transcripts · 3 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['facilitate'],
        },
      },
      {
        range: R(4, 0, 4, 19),
        command: {
          title: '0 units · 0 transcripts · 0 speakers',
          command: 'condense.showUnitsOfCode',
          arguments: ['unused'],
        },
      },
    ]);
  });

  it('uses singular forms for one', () => {
    const one = study('# Shift {#shift}\n', { a: '**P1:** [a]{.shift}\n' });
    assert.equal(provideCodeLenses(one, BOOK)[0].command?.title, '1 unit · 1 transcript · 1 speaker');
  });

  it('gives no lens in a transcript or an unknown document', () => {
    assert.deepEqual(provideCodeLenses(index, T('a')), []);
    assert.deepEqual(provideCodeLenses(index, 'file:///nope.md'), []);
  });
});
