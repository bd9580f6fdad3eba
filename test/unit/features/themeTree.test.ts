import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildThemeTree, uncodedUnitCount, unknownCodes } from '../../../server/src/features/themeTree';
import { loadStudy } from '../../../server/src/node/loadStudy';
import type { ThemeNode } from '../../../common/protocol';
import { BOOK, R, study, T } from './util';

const CODEBOOK =
  '# Shift {#shift color="#4e79a7"}\n\n## Facilitate {#facilitate}\n\n### Deep {#deep color="#000000"}\n\n#### Deeper {#deeper}\n\n# Valued {#valued}\n';

describe('theme tree', () => {
  const index = study(CODEBOOK, {
    a: '**P1:** [a]{.facilitate} [b]{.deep .facilitate}\n\n**P2:** [c]{.shift} [d]{.nope} [e]{}\n',
    b: '**P1:** [f]{.facilitate} [g]{#mu-1} [h]{.nope .other}\n',
  });

  it('builds the tree with counts and inherited colours', () => {
    const node = (
      id: string,
      title: string,
      color: string | undefined,
      line: number,
      end: number,
      n: number[],
      children: ThemeNode[] = [],
    ): ThemeNode => {
      const out: ThemeNode = {
        id,
        title,
        uri: BOOK,
        range: R(line, 0, line, end),
        units: n[0],
        directUnits: n[1],
        transcripts: n[2],
        speakers: n[3],
        children,
      };
      if (color) out.color = color;
      return out;
    };
    assert.deepEqual(buildThemeTree(index), [
      node(
        'shift',
        'Shift',
        '#4e79a7',
        0,
        32,
        [4, 1, 2, 3],
        [
          node(
            'facilitate',
            'Facilitate',
            '#4e79a7',
            2,
            27,
            [3, 3, 2, 2],
            [
              node(
                'deep',
                'Deep',
                '#000000',
                4,
                32,
                [1, 1, 1, 1],
                [node('deeper', 'Deeper', '#000000', 6, 21, [0, 0, 0, 0])],
              ),
            ],
          ),
        ],
      ),
      node('valued', 'Valued', undefined, 8, 18, [0, 0, 0, 0]),
    ]);
  });

  it('counts only one transcript when asked', () => {
    const counts = (nodes: ThemeNode[]): Record<string, number[]> => {
      const out: Record<string, number[]> = {};
      const walk = (n: ThemeNode): void => {
        out[n.id] = [n.units, n.directUnits, n.transcripts, n.speakers];
        n.children.forEach(walk);
      };
      nodes.forEach(walk);
      return out;
    };
    assert.deepEqual(counts(buildThemeTree(index, { transcript: T('a') })), {
      shift: [3, 1, 1, 2],
      facilitate: [2, 2, 1, 1],
      deep: [1, 1, 1, 1],
      deeper: [0, 0, 0, 0],
      valued: [0, 0, 0, 0],
    });
    assert.deepEqual(counts(buildThemeTree(index, { transcript: T('b') })).shift, [1, 0, 1, 1]);
    assert.deepEqual(counts(buildThemeTree(index, { transcript: 'file:///nope.md' })).shift, [0, 0, 0, 0]);
  });

  it('matches the study-wide counts when every transcript is summed, on the sample', () => {
    const loaded = loadStudy(path.join(__dirname, '../../../sample'));
    const flat = (nodes: ThemeNode[]): ThemeNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);
    const all = flat(buildThemeTree(loaded.index));
    assert.equal(all.length, loaded.index.codes().length);
    const sums = new Map<string, number>();
    for (const doc of loaded.index.documents('transcript')) {
      for (const n of flat(buildThemeTree(loaded.index, { transcript: doc.uri })))
        sums.set(n.id, (sums.get(n.id) ?? 0) + n.units);
    }
    for (const n of all) assert.equal(sums.get(n.id), n.units, n.id);
    assert.ok(all.every((n) => n.color !== undefined));
  });

  it('lists unknown codes by id and counts uncoded units', () => {
    assert.deepEqual(unknownCodes(index), [
      { id: 'nope', units: 2 },
      { id: 'other', units: 1 },
    ]);
    assert.equal(uncodedUnitCount(index), 2);
    assert.deepEqual(unknownCodes(study(CODEBOOK)), []);
    assert.equal(uncodedUnitCount(study(CODEBOOK)), 0);
  });
});
