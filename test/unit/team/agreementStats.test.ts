/**
 * The agreement statistics: NVivo's worked example, the closed forms, the degenerate
 * tables, and scikit-learn's cohen_kappa_score and NLTK's AnnotationTask.alpha on
 * generated data (Debian's python3-sklearn and python3-nltk; skipped when missing,
 * a failure under CI=true).
 */
import * as assert from 'node:assert/strict';
import {
  agreementFigures,
  cohenKappa,
  krippendorffAlpha,
  percentAgreement,
  poolCounts,
  type AgreementCounts,
} from '../../../server/src/core/team/agreementStats';
import { pythonWith, runPython } from './python';
import { prng } from '../support/prng';

function countsOf(a: number[], b: number[]): AgreementCounts {
  const c = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
  a.forEach((x, k) => {
    if (x && b[k]) c.both++;
    else if (x) c.aOnly++;
    else if (b[k]) c.bOnly++;
    else c.neither++;
  });
  return c;
}

/** Pairs of binary codings with different base rates and agreement. */
function generated(): { a: number[]; b: number[] }[] {
  const rnd = prng(8);
  const out: { a: number[]; b: number[] }[] = [];
  for (let k = 0; k < 40; k++) {
    const n = 20 + Math.floor(rnd() * 400);
    const rate = 0.02 + rnd() * 0.6;
    const flip = rnd() * 0.5;
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = rnd() < rate ? 1 : 0;
      a.push(x);
      b.push(rnd() < flip ? 1 - x : x);
    }
    // Make sure both values occur for each coder, so that κ and α are defined.
    a[0] = 1;
    a[1] = 0;
    b[0] = 1;
    b[1] = 0;
    out.push({ a, b });
  }
  return out;
}

function requirePython(ctx: Mocha.Context, modules: string[], packages: string): string {
  const py = pythonWith(modules);
  if (py) return py;
  if (process.env.CI === 'true') throw new Error(`${packages} is required in CI (apt-get install ${packages})`);
  // Skip on a machine without Debian's python3-sklearn / python3-nltk; .ci/run installs them.
  ctx.skip();
  return '';
}

describe('agreement statistics', () => {
  it("gives NVivo's worked example: 1,000 characters, 50 both, 100 A only, 50 B only", () => {
    const c = { both: 50, aOnly: 100, bOnly: 50, neither: 800 };
    assert.equal(percentAgreement(c), 0.85);
    // p_e = 0.15·0.10 + 0.85·0.90 = 0.78; κ = 0.07/0.22.
    assert.ok(Math.abs((cohenKappa(c) as number) - 0.07 / 0.22) < 1e-12);
    assert.equal((cohenKappa(c) as number).toFixed(3), '0.318');
    // α = 1 − 1999·150 / (1750·250).
    assert.ok(Math.abs((krippendorffAlpha(c) as number) - (1 - (1999 * 150) / (1750 * 250))) < 1e-12);
  });

  it('is 1 for perfect agreement, and undefined (null) where the formula is 0/0', () => {
    assert.deepEqual(agreementFigures({ both: 3, aOnly: 0, bOnly: 0, neither: 7 }), {
      percentAgreement: 1,
      kappa: 1,
      alpha: 1,
    });
    assert.deepEqual(agreementFigures({ both: 0, aOnly: 0, bOnly: 0, neither: 10 }), {
      percentAgreement: 1,
      kappa: null,
      alpha: null,
    });
    assert.deepEqual(agreementFigures({ both: 0, aOnly: 0, bOnly: 0, neither: 0 }), {
      percentAgreement: null,
      kappa: null,
      alpha: null,
    });
    // A coded everything, B nothing: p_e = 0, κ = 0 exactly.
    assert.equal(cohenKappa({ both: 0, aOnly: 10, bOnly: 0, neither: 0 }), 0);
  });

  it('pools tables cell by cell', () => {
    assert.deepEqual(
      poolCounts([
        { both: 1, aOnly: 2, bOnly: 3, neither: 4 },
        { both: 10, aOnly: 20, bOnly: 30, neither: 40 },
      ]),
      { both: 11, aOnly: 22, bOnly: 33, neither: 44 },
    );
  });

  it("matches scikit-learn's cohen_kappa_score on generated codings", function () {
    const py = requirePython(this, ['sklearn'], 'python3-sklearn');
    const cases = generated();
    const theirs = runPython(
      py,
      'import json,sys\nfrom sklearn.metrics import cohen_kappa_score\nprint(json.dumps([cohen_kappa_score(c["a"], c["b"]) for c in json.load(sys.stdin)]))',
      cases,
    ) as number[];
    cases.forEach((c, k) => {
      const ours = cohenKappa(countsOf(c.a, c.b)) as number;
      assert.ok(Math.abs(ours - theirs[k]) < 1e-9, `case ${k}: ${ours} vs ${theirs[k]}`);
    });
  });

  it("matches NLTK's AnnotationTask.alpha on generated codings", function () {
    const py = requirePython(this, ['nltk.metrics.agreement'], 'python3-nltk');
    const cases = generated();
    const script = [
      'import json,sys',
      'from nltk.metrics.agreement import AnnotationTask',
      'out = []',
      'for c in json.load(sys.stdin):',
      '    data = [("A", i, x) for i, x in enumerate(c["a"])] + [("B", i, x) for i, x in enumerate(c["b"])]',
      '    out.append(AnnotationTask(data=data).alpha())',
      'print(json.dumps(out))',
    ].join('\n');
    const theirs = runPython(py, script, cases) as number[];
    cases.forEach((c, k) => {
      const ours = krippendorffAlpha(countsOf(c.a, c.b)) as number;
      assert.ok(Math.abs(ours - theirs[k]) < 1e-9, `case ${k}: ${ours} vs ${theirs[k]}`);
    });
  });
});
