/**
 * Generated studies: two coders' versions of the same random transcripts, compared by
 * Condense and by brute force (a boolean per code point and code; every pair of units),
 * which must agree exactly.
 */
import * as assert from 'node:assert/strict';
import { computeAgreement } from '../../../server/src/core/team/agreement';
import { agreementFigures } from '../../../server/src/core/team/agreementStats';
import { parseSnapshot } from '../../../server/src/core/team/snapshot';
import { diffStudies } from '../../../server/src/core/team/studyDiff';
import { codebookFor, prng, randomUnits, render, words, type GenUnit } from './generatedStudies';

const CODES = ['a', 'b', 'c', 'd'];

function sameSet(x: string[], y: string[]): boolean {
  return new Set(x).size === new Set(y).size && x.every((c) => y.includes(c));
}

function overlaps(x: GenUnit, y: GenUnit): boolean {
  return Math.max(x.start, y.start) < Math.min(x.end, y.end);
}

/** The unit-change rule, written out by brute force. */
function expectedChanges(a: GenUnit[], b: GenUnit[]): string[] {
  const out: string[] = [];
  const am = a.map(() => false);
  const bm = b.map(() => false);
  const bOrder = b.map((_, k) => k).sort((x, y) => b[x].start - b[y].start || b[x].end - b[y].end || x - y);
  for (const equalOnly of [true, false]) {
    a.forEach((u, i) => {
      if (am[i]) return;
      const k = bOrder.find(
        (k2) =>
          !bm[k2] && b[k2].start === u.start && b[k2].end === u.end && (!equalOnly || sameSet(u.codes, b[k2].codes)),
      );
      if (k === undefined) return;
      am[i] = bm[k] = true;
      if (!sameSet(u.codes, b[k].codes)) out.push(`recoded ${b[k].start}-${b[k].end}`);
    });
  }
  const ua = a.map((_, i) => i).filter((i) => !am[i]);
  const ub = b.map((_, k) => k).filter((k) => !bm[k]);
  for (const i of ua) {
    const o = ub.filter((k) => overlaps(a[i], b[k]));
    if (o.length === 1 && ua.filter((i2) => overlaps(a[i2], b[o[0]])).length === 1) {
      am[i] = bm[o[0]] = true;
      out.push(`resized ${b[o[0]].start}-${b[o[0]].end}`);
    }
  }
  for (const i of ua) if (!am[i]) out.push(`removed ${a[i].start}-${a[i].end}`);
  for (const k of ub) if (!bm[k]) out.push(`added ${b[k].start}-${b[k].end}`);
  return out.sort();
}

describe('generated studies: diff and agreement against brute force', () => {
  it('gives the exact unit changes and agreement counts on 60 generated pairs', () => {
    const rnd = prng(2024);
    const seen = new Set<string>();
    for (let round = 0; round < 60; round++) {
      const ws = words(rnd, 20 + Math.floor(rnd() * 60));
      const base = randomUnits(rnd, ws.length, 8, CODES);
      // B keeps some of A's units (some recoded), drops others and adds its own.
      const bUnits = base
        .filter(() => rnd() < 0.7)
        .map((u) => (rnd() < 0.3 ? { ...u, codes: [CODES[Math.floor(rnd() * CODES.length)]] } : u));
      for (const extra of randomUnits(rnd, ws.length, 12, CODES)) if (bUnits.length < 10) bUnits.push(extra);
      const laminarB = bUnits.filter((u, k) =>
        bUnits
          .slice(0, k)
          .every((v) => v.j <= u.i || u.j <= v.i || (v.i <= u.i && u.j <= v.j) || (u.i <= v.i && v.j <= u.j)),
      );
      const eol = round % 3 === 0 ? '\r\n' : '\n';
      const ra = render(ws, base, eol);
      const rb = render(ws, laminarB, eol);
      const snap = (label: string, md: string) =>
        parseSnapshot({
          label,
          files: new Map([
            ['codebook.md', codebookFor(CODES)],
            ['t.md', round % 2 ? `\ufeff${md}` : md],
          ]),
        });
      const a = snap('A', ra.markdown);
      const b = snap('B', rb.markdown);
      // The parser sees the generated units at the generated ranges.
      assert.deepEqual(
        a.index
          .unitsOf('t.md')
          .map((u) => `${u.plainStart}-${u.plainEnd}`)
          .sort(),
        ra.units.map((u) => `${u.start}-${u.end}`).sort(),
        ra.markdown,
      );
      const got = diffStudies(a, b)
        .units.map((u) => `${u.change} ${u.plainStart}-${u.plainEnd}`)
        .sort();
      for (const g of got) seen.add(g.split(' ')[0]);
      assert.deepEqual(
        got,
        expectedChanges(ra.units, rb.units),
        `round ${round}\nA: ${ra.markdown}\nB: ${rb.markdown}`,
      );

      const n = Array.from(a.index.getDocument('t.md')?.transcript?.plain.text ?? '').length;
      const r = computeAgreement(a, b);
      assert.equal(r.characters, n);
      for (const code of CODES) {
        const cover = (units: GenUnit[]): boolean[] => {
          const v = new Array<boolean>(n).fill(false);
          for (const u of units) if (u.codes.includes(code)) for (let p = u.start; p < u.end; p++) v[p] = true;
          return v;
        };
        const va = cover(ra.units);
        const vb = cover(rb.units);
        const t = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
        for (let p = 0; p < n; p++) {
          if (va[p] && vb[p]) t.both++;
          else if (va[p]) t.aOnly++;
          else if (vb[p]) t.bOnly++;
          else t.neither++;
        }
        const row = r.codes.find((c) => c.id === code);
        if (!va.includes(true) && !vb.includes(true)) {
          assert.equal(row, undefined);
          continue;
        }
        assert.deepEqual(
          { both: row?.both, aOnly: row?.aOnly, bOnly: row?.bOnly, neither: row?.neither },
          t,
          `round ${round} code ${code}`,
        );
        const f = agreementFigures(t);
        for (const k of ['percentAgreement', 'kappa', 'alpha'] as const) {
          const x = row?.[k] ?? null;
          const y = f[k];
          assert.ok(x === y || (x !== null && y !== null && Math.abs(x - y) < 1e-12), `${k} of ${code}`);
        }
      }
    }
    // The generated pairs exercise every kind of change.
    assert.deepEqual([...seen].sort(), ['added', 'recoded', 'removed', 'resized']);
  });
});
