/**
 * Comparing two versions of a study in the core: the unit-change rule of
 * docs/collaboration.md, alignment through a text diff when a typo was fixed, code
 * points with emoji, CRLF and BOMs, codebook changes, and the agreement counts.
 */
import * as assert from 'node:assert/strict';
import { computeAgreement } from '../../../server/src/core/team/agreement';
import { parseSnapshot, type ParsedSnapshot } from '../../../server/src/core/team/snapshot';
import { diffStudies } from '../../../server/src/core/team/studyDiff';
import { alignTexts, mapAtoB } from '../../../server/src/core/team/textAlignment';

const CODEBOOK = '# Theme {#t}\n\n## X {#x}\n\n## Y {#y}\n\n## Z {#z}\n';

function version(label: string, transcript: string, codebook = CODEBOOK): ParsedSnapshot {
  return parseSnapshot({
    label,
    files: new Map([
      ['codebook.md', codebook],
      ['t.md', transcript],
    ]),
  });
}

/** Applies text differences (A offsets, in code points) to A's plain text. */
function applyChanges(text: string, diffs: ReturnType<typeof diffStudies>['textDifferences']): string {
  const cps = Array.from(text);
  for (const t of [...diffs].reverse()) if (!('onlyIn' in t)) cps.splice(t.aStart, t.aEnd - t.aStart, t.after);
  return cps.join('');
}

/** The unit changes as comparable tuples, sorted. */
function changes(a: string, b: string): string[] {
  return diffStudies(version('A', a), version('B', b))
    .units.map(
      (u) => `${u.change} ${u.codesBefore.join(',')}>${u.codesAfter.join(',')} ${u.plainStart}-${u.plainEnd} ${u.text}`,
    )
    .sort();
}

describe('diff of two versions: the unit-change rule', () => {
  it('reports nothing for equal codes on equal ranges, in any order of classes', () => {
    assert.deepEqual(changes('[one two]{.x .y} three', '[one two]{.y .x #id-1} three'), []);
  });

  it('recodes a unit with the same range and other codes', () => {
    assert.deepEqual(changes('[one two]{.x} three', '[one two]{.y} three'), ['recoded x>y 0-7 one two']);
  });

  it('resizes a unit that overlaps exactly one unmatched unit, each way', () => {
    assert.deepEqual(changes('[one two]{.x} three', 'one [two three]{.x}'), ['resized x>x 4-13 two three']);
    assert.deepEqual(changes('[one two]{.x} three', '[one two three]{.y}'), ['resized x>y 0-13 one two three']);
  });

  it('adds and removes where an overlap is not one to one', () => {
    // B's unit overlaps two unmatched units of A: both removed, it is added.
    assert.deepEqual(changes('[one]{.x} [two]{.y} three', '[one two]{.x}'.concat(' three')), [
      'added >x 0-7 one two',
      'removed x> 0-3 one',
      'removed y> 4-7 two',
    ]);
    assert.deepEqual(changes('one two', '[one]{.x} two'), ['added >x 0-3 one']);
    assert.deepEqual(changes('[one]{.x} two', 'one two'), ['removed x> 0-3 one']);
  });

  it('matches nested units with the same range one to one', () => {
    assert.deepEqual(changes('[[one]{.x}]{.y} two', '[[one]{.x}]{.y} two'), []);
    assert.deepEqual(changes('[[one]{.x}]{.y} two', '[one]{.x} two'), ['removed y> 0-3 one']);
  });

  it('counts code points: emoji, combining marks, CRLF and a BOM', () => {
    const a = '\ufeff😀 e\u0301 [ab😀c]{.x}\r\nmore';
    const b = '\ufeff😀 e\u0301 [ab😀c]{.y}\r\nmore';
    // plain text: "😀 é " = 😀, space, e, U+0301, space: the unit starts at code point 5.
    assert.deepEqual(changes(a, b), ['recoded x>y 5-9 ab😀c']);
  });

  it('aligns a transcript whose text changed, and reports the text difference', () => {
    const a = 'Teh first [sentence here]{.x}. And [a second]{.y}.';
    const b = 'The very first [sentence here]{.x}. And [a second]{.z}.';
    const d = diffStudies(version('A', a), version('B', b));
    assert.deepEqual(
      d.units.map((u) => [u.change, u.plainStart, u.plainEnd]),
      [['recoded', 34, 42]],
    );
    // Every text difference is between the two texts as the alignment found them.
    assert.ok(d.textDifferences.length >= 1);
    const applied = applyChanges('Teh first sentence here. And a second.', d.textDifferences);
    assert.equal(applied, 'The very first sentence here. And a second.');
  });

  it('maps offsets through a replacement to the whole replaced stretch', () => {
    const al = alignTexts('abcXdef', 'abcYYdef');
    assert.deepEqual(mapAtoB(al, 2), [2, 2]);
    assert.deepEqual(mapAtoB(al, 3), [3, 5]);
    assert.deepEqual(mapAtoB(al, 4), [3, 5]);
    assert.deepEqual(mapAtoB(al, 5), [6, 6]);
  });

  it('reports transcripts added and removed with all their units', () => {
    const a = parseSnapshot({
      label: 'A',
      files: new Map([
        ['codebook.md', CODEBOOK],
        ['one.md', '[a]{.x}'],
      ]),
    });
    const b = parseSnapshot({
      label: 'B',
      files: new Map([
        ['codebook.md', CODEBOOK],
        ['two.md', '[b]{.y}'],
      ]),
    });
    const d = diffStudies(a, b);
    assert.deepEqual(
      d.units.map((u) => [u.file, u.change]),
      [
        ['one.md', 'removed'],
        ['two.md', 'added'],
      ],
    );
    assert.deepEqual(d.textDifferences, [
      { file: 'one.md', onlyIn: 'a' },
      { file: 'two.md', onlyIn: 'b' },
    ]);
  });
});

describe('diff of two versions: the codebook', () => {
  it('finds codes added, removed, renamed, moved, retitled and recoloured, and section word diffs', () => {
    const before =
      '# Theme {#t}\n\n## X {#x}\n\n### Condensate\n\nWe did it early.\n\n## Y {#y color="#112233"}\n\n## Z {#z}\n\n# Other {#o}\n\n## Gone {#gone}\n\n## Solo {#solo}\n';
    const after =
      '# Theme {#t}\n\n## X {#x2}\n\n### Condensate\n\nWe did it very early.\n\n## Y again {#y color="#445566"}\n\n# Other {#o}\n\n## Z {#z}\n\n## Solo {#solo}\n\n## New {#new}\n';
    const d = diffStudies(version('A', '', before), version('B', '', after));
    assert.deepEqual(d.codes, [
      { change: 'renamed', id: 'x2', idBefore: 'x', title: 'X' },
      { change: 'retitled', id: 'y', titleBefore: 'Y', titleAfter: 'Y again' },
      { change: 'recoloured', id: 'y', colorBefore: '#112233', colorAfter: '#445566' },
      { change: 'moved', id: 'z', parentBefore: 't', parentAfter: 'o' },
      { change: 'removed', id: 'gone', title: 'Gone', parent: 'o' },
      { change: 'added', id: 'new', title: 'New', parent: 'o' },
    ]);
    assert.equal(d.sections.length, 1);
    assert.equal(d.sections[0].code, 'x2');
    assert.equal(d.sections[0].section, 'condensate');
    assert.deepEqual(
      d.sections[0].diff.filter((p) => p.op !== '='),
      [{ op: '+', text: 'very ' }],
    );
  });
});

describe('agreement between two versions', () => {
  it('counts code points per code, directly coded only, and matches segments', () => {
    // plain: "aaaa bbbb cccc dddd" (19 code points)
    const a = version('A', '[aaaa bbbb]{.x} [cccc]{.y} dddd');
    const b = version('B', '[aaaa]{.x} bbbb [cccc]{.y} [dddd]{.x}');
    const r = computeAgreement(a, b, 0.8);
    assert.equal(r.characters, 19);
    const x = r.codes.find((c) => c.id === 'x');
    const y = r.codes.find((c) => c.id === 'y');
    assert.deepEqual(
      { both: x?.both, aOnly: x?.aOnly, bOnly: x?.bOnly, neither: x?.neither, segments: x?.segments },
      { both: 4, aOnly: 5, bOnly: 4, neither: 6, segments: { matched: 0, aOnly: 1, bOnly: 2 } },
    );
    assert.deepEqual(
      { both: y?.both, aOnly: y?.aOnly, bOnly: y?.bOnly, neither: y?.neither, kappa: y?.kappa, segments: y?.segments },
      { both: 4, aOnly: 0, bOnly: 0, neither: 15, kappa: 1, segments: { matched: 1, aOnly: 0, bOnly: 0 } },
    );
    assert.deepEqual(
      { both: r.pooled.both, aOnly: r.pooled.aOnly, bOnly: r.pooled.bOnly, neither: r.pooled.neither },
      { both: 8, aOnly: 5, bOnly: 4, neither: 21 },
    );
    // The segment threshold: 4/9 overlap matches at 0.4, not at 0.5.
    assert.equal(computeAgreement(a, b, 0.4).codes.find((c) => c.id === 'x')?.segments.matched, 1);
  });

  it('leaves text that differs out of N, and counts a nested code only where written', () => {
    const a = version('A', '[Teh [cat]{.y}]{.x} sat');
    const b = version('B', '[The [cat]{.y}]{.x} sat');
    const r = computeAgreement(a, b);
    // "Teh cat sat" vs "The cat sat": the diff keeps "T", "e"/"h" differ, so N < 11.
    const x = r.codes.find((c) => c.id === 'x');
    const y = r.codes.find((c) => c.id === 'y');
    assert.equal(y?.both, 3);
    assert.equal((x?.both ?? 0) + (x?.neither ?? 0), r.characters);
    assert.ok(r.characters < 11 && r.characters >= 9);
    assert.ok(r.textDifferences.length >= 1);
  });
});
