/**
 * REFI-QDA export: project.qde and .qdc valid against the standard's schemas (xmllint),
 * references resolving, selections selecting exactly their units' texts, exact offsets
 * on a fixture with emoji, combining marks, CRLF and a BOM, and reproducible archives.
 */
import * as assert from 'node:assert/strict';
import { buildRefiCodebook, buildRefiProject, GOLDEN_QUOTES_CODE } from '../../../server/src/core/export/refiQda';
import { packQdpx } from '../../../server/src/core/export/qdpxArchive';
import { uuidV5 } from '../../../server/src/core/export/uuid';
import { FIXTURE, STORED } from './fixture';
import {
  all,
  assertProjectIntegrity,
  assertSchemaValid,
  cleanTemps,
  exportInput,
  load,
  requireTool,
  SAMPLE,
  tempStudy,
  unzipText,
  xmlRoot,
} from './support';

describe('export: REFI-QDA', () => {
  after(cleanTemps);

  it('makes UUID v5 as RFC 4122 does', () => {
    // The RFC's DNS namespace example, as computed by Python's uuid.uuid5.
    assert.equal(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
    assert.match(uuidV5('code:x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('exports the fixture with exact offsets in code points of the LF text', () => {
    const study = load(tempStudy(FIXTURE));
    const project = buildRefiProject(exportInput(study), { name: 'fixture' });
    const files = new Map([
      ['project.qde', project.qde],
      ...project.sources.map((s): [string, string] => [s.path, s.text]),
    ]);
    assertProjectIntegrity(files, study);
    const root = xmlRoot(project.qde);
    const sources = all(root, 'TextSource');
    assert.deepEqual(
      sources.map((s) => s.getAttribute('name')),
      ['a', 'b'],
    );
    assert.equal(files.get(`sources/${sources[0].getAttribute('guid')}.txt`), STORED.a);
    assert.equal(files.get(`sources/${sources[1].getAttribute('guid')}.txt`), STORED.b);
    const sel = (s: number) =>
      all(sources[s], 'PlainTextSelection').map((e) => [
        e.getAttribute('name'),
        Number(e.getAttribute('startPosition')),
        Number(e.getAttribute('endPosition')),
      ]);
    // "the café au lait": 😊 is one code point, é is e + U+0301 (two).
    assert.deepEqual(sel(0), [
      ['u1', 14, 31],
      [null, 36, 51],
      [null, 61, 68],
    ]);
    assert.deepEqual(sel(1), [[null, 13, 57]]);
    assert.equal(all(sources[0], 'Description')[0].textContent, 'Interview A');
    assert.equal(all(all(sources[0], 'PlainTextSelection')[1], 'Description')[0].textContent, 'two, codes');
  });

  it('maps codes, colours, descriptions, notes, golden quotes and cases', () => {
    const study = load(tempStudy(FIXTURE));
    const root = xmlRoot(buildRefiProject(exportInput(study)).qde);
    const codes = all(root, 'Code');
    const byName = new Map(codes.map((c) => [c.getAttribute('name'), c]));
    assert.deepEqual([...byName.keys()], ['Feelings 😊', 'Joy', 'Bad colour', GOLDEN_QUOTES_CODE]);
    assert.equal(byName.get('Feelings 😊')?.getAttribute('color'), '#E15759');
    assert.equal(byName.get('Bad colour')?.hasAttribute('color'), false, 'an invalid colour is left out');
    assert.equal(
      (byName.get('Joy')?.parentNode as unknown as { getAttribute(n: string): string }).getAttribute('name'),
      'Feelings 😊',
    );
    assert.equal(all(byName.get('Feelings 😊') as never, 'Description')[0].textContent, 'Statements about feelings.');
    const notes = all(root, 'Note').map((n) => [n.getAttribute('name'), all(n, 'PlainTextContent')[0].textContent]);
    assert.deepEqual(notes, [
      ['Condensate (Joy)', 'I feel joy, mostly over coffee.'],
      ['Quotes (Joy)', '> the cafe\u0301 au lait (P1)'],
      ['Synthesis (Joy)', 'Participants described joy in small things.'],
    ]);
    // The golden quote marks the selection of unit u1, beside its code Joy.
    const golden = byName.get(GOLDEN_QUOTES_CODE)?.getAttribute('guid');
    const quoted = all(root, 'PlainTextSelection').filter((s) =>
      all(s, 'CodeRef').some((r) => r.getAttribute('targetGUID') === golden),
    );
    assert.deepEqual(
      quoted.map((s) => s.getAttribute('name')),
      ['u1'],
    );
    const cases = all(root, 'Case').map((c) => [
      c.getAttribute('name'),
      all(c, 'TextValue')
        .map((v) => v.textContent)
        .join('|'),
      all(c, 'SelectionRef').length,
    ]);
    assert.deepEqual(cases, [
      ['P1 (a)', '34|nurse', 2],
      ['I (a)', '', 1],
      ['P2 (b)', 'doctor, senior', 1],
    ]);
    assert.deepEqual(
      all(root, 'Variable').map((v) => v.getAttribute('name')),
      ['age', 'role'],
    );
  });

  it('writes project.qde and .qdc that the standard schemas accept', function () {
    if (!requireTool(this, 'xmllint', 'libxml2-utils')) return;
    for (const dir of [tempStudy(FIXTURE), SAMPLE]) {
      const study = load(dir);
      assertSchemaValid(buildRefiProject(exportInput(study)).qde, 'Project.xsd');
      assertSchemaValid(buildRefiCodebook(exportInput(study)), 'Codebook.xsd');
    }
    // Empty containers are left out: a study with no codes and no units is still valid.
    const bare = load(tempStudy({ 'codebook.md': 'No codes yet.\n', 't.md': 'Just text.\n' }));
    const qde = buildRefiProject(exportInput(bare)).qde;
    assert.doesNotMatch(qde, /<CodeBook|<Cases|<Notes|<Variables/);
    assertSchemaValid(qde, 'Project.xsd');
    assert.throws(() => buildRefiCodebook(exportInput(bare)), /no codes/);
  });

  it('exports the sample study with every reference resolving and every selection exact', () => {
    const study = load(SAMPLE);
    const files = unzipText(packQdpx(buildRefiProject(exportInput(study))));
    assertProjectIntegrity(files, study);
    const root = xmlRoot(files.get('project.qde') as string);
    assert.equal(all(root, 'PlainTextSelection').length, 62);
    assert.equal(all(root, 'TextSource').length, 4);
  });

  it('gives byte-identical archives for an unchanged study, and a small diff for a small change', () => {
    const dir = tempStudy(FIXTURE);
    const one = packQdpx(buildRefiProject(exportInput(load(dir))));
    const two = packQdpx(buildRefiProject(exportInput(load(dir))));
    assert.deepEqual(Buffer.from(one), Buffer.from(two));
    const changed = {
      ...FIXTURE,
      'transcripts/b.md': FIXTURE['transcripts/b.md'].replace('**P2:** Hello.', '**P2:** [Hello]{.joy}.'),
    };
    const a = buildRefiProject(exportInput(load(dir))).qde.split('\n');
    const b = buildRefiProject(exportInput(load(tempStudy(changed)))).qde.split('\n');
    const removed = a.filter((l) => !b.includes(l));
    const added = b.filter((l) => !a.includes(l));
    // The new unit's selection and coding, its case reference, and the div's shifted offsets.
    assert.ok(removed.length <= 2, `removed: ${removed.join('\n')}`);
    assert.ok(added.length <= 8, `added: ${added.join('\n')}`);
  });
});
