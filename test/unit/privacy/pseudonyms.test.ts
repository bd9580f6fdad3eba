/**
 * How pseudonyms are written back: as they are in running text, escaped in quoted
 * attribute values, slugged where a bare word is needed, quoted in YAML front matter;
 * and the parse of the result keeps its units, ids, codes and speakers.
 */
import * as assert from 'node:assert/strict';
import { IdentifierGuard } from '../../../server/src/core/identifiers/guard';
import { parseIdentifiersFile } from '../../../server/src/core/identifiers/identifiersFile';
import { applyPseudonymEdits, slugOf } from '../../../server/src/core/identifiers/pseudonyms';
import { parseCodebook } from '../../../server/src/core/codebook';
import { parseTranscript } from '../../../server/src/core/transcript';

function pseudonymize(identifiers: string, text: string): string {
  const guard = new IdentifierGuard(parseIdentifiersFile(identifiers).entries);
  const doc = { text };
  return applyPseudonymEdits(text, guard.edits(doc));
}

describe('pseudonyms written back', function () {
  it('replaces a match whole, line break included, and leaves every other byte', function () {
    assert.equal(
      pseudonymize('Kari Nordmann => Anna Berg', "a Kari\r\nNordmann's b\r\nKari\r\n\r\nNordmann\r\n"),
      "a Anna Berg's b\r\nKari\r\n\r\nNordmann\r\n",
    );
    assert.equal(pseudonymize('Åse', '\ufeff😀 Åse 😀'), '\ufeff😀 [Person 1] 😀');
  });

  it('escapes quoted attribute values and slugs bare words in attribute blocks', function () {
    const ids = 'Kari => Kari "K" B\\\nOle => [Person 2]\nTromsø => Anna Berg';
    const text = "[Ole said]{#mu-ole .tromsø-team note=\"Ole's memo\" who='Ole' place=Tromsø} and {Ole} [x](Ole)\n";
    assert.equal(
      pseudonymize(ids, text),
      "[[Person 2] said]{#mu-person-2 .anna-berg-team note=\"[Person 2]'s memo\" who='[Person 2]' place=anna-berg} and {[Person 2]} [x]([Person 2])\n",
    );
    assert.equal(
      pseudonymize(ids, '[Kari]{note="Kari" k=\'Kari\'}'),
      '[Kari "K" B\\]{note="Kari \\"K\\" B\\\\" k=\'Kari "K" B\\\\\'}',
    );
    assert.equal(slugOf('[Person 3]'), 'person-3');
    assert.equal(slugOf('Åse Ødegård'), 'åse-ødegård');
    assert.equal(slugOf('!!!'), 'pseudonym');
  });

  it('keeps units, ids, codes and notes readable after the replacement', function () {
    const text =
      '**Ole:** [I asked Ole]{#mu-1 .help note="Ole agreed"} today.\n\n::: {.help #mu-ole}\n**P2:** Ole again.\n:::\n';
    const out = pseudonymize('Ole', text);
    const t = parseTranscript(out);
    assert.deepEqual(t.diagnostics, []);
    assert.deepEqual(
      t.units.map((u) => [u.id, u.codes, u.note, u.speaker, u.text]),
      [
        ['mu-1', ['help'], '[Person 1] agreed', '[Person 1]', 'I asked [Person 1]'],
        ['mu-person-1', ['help'], undefined, 'P2', 'P2: [Person 1] again.'],
      ],
    );
  });

  it('quotes a pseudonym that would change the meaning of YAML front matter', function () {
    const text =
      '---\nparticipants:\n  Ole: {role: nurse}\n  P2: {name: Ole, note: met Ole}\nfacilitator: Ole\nlist:\n  - Ole\n---\n\n**Ole:** hi\n';
    const out = pseudonymize('Ole', text);
    assert.equal(
      out,
      '---\nparticipants:\n  "[Person 1]": {role: nurse}\n  P2: {name: "[Person 1]", note: met (Person 1)}\nfacilitator: "[Person 1]"\nlist:\n  - "[Person 1]"\n---\n\n**[Person 1]:** hi\n',
    );
    const t = parseTranscript(out);
    assert.deepEqual(t.diagnostics, []);
    assert.deepEqual(t.participants['[Person 1]'], { role: 'nurse' });
    assert.equal(t.frontMatter.facilitator, '[Person 1]');
    assert.deepEqual(t.frontMatter.list, ['[Person 1]']);
    // A plain pseudonym needs no quotes.
    assert.equal(pseudonymize('Ole => Paul', '---\nfacilitator: Ole\n---\n'), '---\nfacilitator: Paul\n---\n');
  });

  it('slugs a code id in a codebook heading and its uses alike', function () {
    const ids = 'Ole => Paul Green';
    const codebook = pseudonymize(ids, '# Help from Ole {#ole-help}\n\nOle helps.\n');
    assert.equal(codebook, '# Help from Paul Green {#paul-green-help}\n\nPaul Green helps.\n');
    assert.deepEqual(
      parseCodebook(codebook).codes.map((c) => [c.id, c.title]),
      [['paul-green-help', 'Help from Paul Green']],
    );
    assert.equal(pseudonymize(ids, '[x]{.ole-help}'), '[x]{.paul-green-help}');
  });
});
