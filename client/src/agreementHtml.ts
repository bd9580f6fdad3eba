/** The HTML of the agreement panel, escaped here (the webview only swaps it in). */
import type { AgreementViewResult, DisagreementInfo } from '../../common/protocol';
import { escapeHtml } from './previewHtml';

function fig(x: number | null, digits = 3): string {
  return x === null ? '–' : x.toFixed(digits);
}

const KINDS: Record<DisagreementInfo['kind'], string> = {
  aOnly: 'A only',
  bOnly: 'B only',
  different: 'different codes',
  resized: 'other boundaries',
};

/** The codes, lowest κ first (undefined κ last). */
export function sortedCodes(r: AgreementViewResult): AgreementViewResult['codes'] {
  return [...r.codes].sort((x, y) => (x.kappa ?? Infinity) - (y.kappa ?? Infinity) || (x.id < y.id ? -1 : 1));
}

/** The table of codes, and the disagreements of the open code under it. */
export function renderAgreement(r: AgreementViewResult, open: string | undefined, list: DisagreementInfo[]): string {
  const out: string[] = [];
  out.push(
    `<header><h1>Intercoder agreement</h1><p class="muted">A: <code>${escapeHtml(r.a)}</code> · B: <code>${escapeHtml(r.b)}</code> · ${r.characters} characters · segments match at ${r.threshold} overlap · pooled κ ${fig(r.pooled.kappa)}, α ${fig(r.pooled.alpha)}</p></header>`,
  );
  out.push(
    '<table class="agreement"><thead><tr><th>Code</th><th>κ</th><th>α</th><th>%</th><th>Both</th><th>A only</th><th>B only</th><th>Segments =/A/B</th></tr></thead><tbody>',
  );
  for (const c of sortedCodes(r)) {
    const pct = c.percentAgreement === null ? '–' : (100 * c.percentAgreement).toFixed(1);
    out.push(
      `<tr class="code${c.id === open ? ' open' : ''}" tabindex="0" data-code="${escapeHtml(c.id)}"><td>${escapeHtml(c.title)} <code>${escapeHtml(c.id)}</code></td><td>${fig(c.kappa)}</td><td>${fig(c.alpha)}</td><td>${pct}</td><td>${c.both}</td><td>${c.aOnly}</td><td>${c.bOnly}</td><td>${c.segments.matched}/${c.segments.aOnly}/${c.segments.bOnly}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
  if (open !== undefined) {
    out.push(`<h2>Disagreements on <code>${escapeHtml(open)}</code></h2>`);
    if (list.length === 0) out.push('<p class="muted">None: both coders coded this code on the same spans.</p>');
    out.push('<ul class="disagreements">');
    list.forEach((d, k) => {
      out.push(
        `<li class="disagreement" data-index="${k}"><span class="kind">${KINDS[d.kind]}</span> <span class="file">${escapeHtml(d.file)}</span> A: <code>${escapeHtml(d.codesA.join(' ') || '–')}</code> B: <code>${escapeHtml(d.codesB.join(' ') || '–')}</code><blockquote tabindex="0" class="show" data-index="${k}">${escapeHtml(d.text)}</blockquote><button class="keep" data-index="${k}" data-side="a">Keep A's coding</button> <button class="keep" data-index="${k}" data-side="b">Keep B's coding</button></li>`,
      );
    });
    out.push('</ul>');
  }
  return out.join('\n');
}
