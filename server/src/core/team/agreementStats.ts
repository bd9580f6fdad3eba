/**
 * Agreement statistics for two coders and one binary category (a code applied or not),
 * from the four counts of a 2x2 table. Pure arithmetic, each formula in its JSDoc, so
 * that docs/collaboration.md and the tests can check them against published examples
 * and independent implementations (scikit-learn, NLTK).
 */

/** The 2x2 table of one code: units (code points) coded by both coders, by one, by neither. */
export interface AgreementCounts {
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

/** The figures computed from an {@link AgreementCounts}; null where a figure is undefined (0/0). */
export interface AgreementFigures {
  percentAgreement: number | null;
  kappa: number | null;
  alpha: number | null;
}

/** N = both + aOnly + bOnly + neither. */
export function total(c: AgreementCounts): number {
  return c.both + c.aOnly + c.bOnly + c.neither;
}

/** p_o = (both + neither) / N; null when N = 0. */
export function percentAgreement(c: AgreementCounts): number | null {
  const n = total(c);
  return n === 0 ? null : (c.both + c.neither) / n;
}

/**
 * Cohen's kappa: κ = (p_o − p_e) / (1 − p_e), with p_e = p_A·p_B + (1 − p_A)(1 − p_B),
 * p_A = (both + aOnly)/N, p_B = (both + bOnly)/N. Null when p_e = 1 (both coders used
 * one value everywhere), where it is 0/0.
 */
export function cohenKappa(c: AgreementCounts): number | null {
  const n = total(c);
  if (n === 0) return null;
  const pa = (c.both + c.aOnly) / n;
  const pb = (c.both + c.bOnly) / n;
  const po = (c.both + c.neither) / n;
  const pe = pa * pb + (1 - pa) * (1 - pb);
  // 1 − p_e = p_A(1 − p_B) + p_B(1 − p_A), zero exactly when each coder used one value
  // throughout and the same one: decide that in integers, not in floating point.
  const expectedDisagreement = (c.both + c.aOnly) * (c.aOnly + c.neither) + (c.both + c.bOnly) * (c.bOnly + c.neither);
  if (expectedDisagreement === 0) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha, nominal, two coders, no missing values: with n = 2N pairable
 * values, n₁ = 2·both + aOnly + bOnly and n₀ = 2·neither + aOnly + bOnly,
 * α = 1 − (n − 1)·(aOnly + bOnly) / (n₀·n₁). Null when n₀·n₁ = 0 (one value only), where
 * it is 0/0.
 */
export function krippendorffAlpha(c: AgreementCounts): number | null {
  const n = 2 * total(c);
  const n1 = 2 * c.both + c.aOnly + c.bOnly;
  const n0 = 2 * c.neither + c.aOnly + c.bOnly;
  if (n0 === 0 || n1 === 0) return null;
  return 1 - ((n - 1) * (c.aOnly + c.bOnly)) / (n0 * n1);
}

/** All three figures of one table. */
export function agreementFigures(c: AgreementCounts): AgreementFigures {
  return { percentAgreement: percentAgreement(c), kappa: cohenKappa(c), alpha: krippendorffAlpha(c) };
}

/** The cell-wise sum of several tables (the pooled table over codes). */
export function poolCounts(tables: AgreementCounts[]): AgreementCounts {
  const out: AgreementCounts = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
  for (const t of tables) {
    out.both += t.both;
    out.aOnly += t.aOnly;
    out.bOnly += t.bOnly;
    out.neither += t.neither;
  }
  return out;
}
