/** The agreement panel's HTML, without VS Code: order by κ, escaping, the disagreements of the open code. */
import { strict as assert } from 'node:assert';
import { renderAgreement, sortedCodes } from '../../../client/src/agreementHtml';
import type { AgreementViewResult } from '../../../common/protocol';

const row = (id: string, kappa: number | null) => ({
  id,
  title: `<b>${id}</b>`,
  both: 1,
  aOnly: 2,
  bOnly: 3,
  neither: 4,
  percentAgreement: 0.5,
  kappa,
  alpha: kappa,
  segments: { matched: 1, aOnly: 0, bOnly: 2 },
});

const RESULT: AgreementViewResult = {
  a: 'coder-a',
  b: 'working tree',
  root: 'file:///s',
  characters: 10,
  threshold: 0.8,
  codes: [row('high', 0.9), row('none', null), row('low', -0.2)],
  pooled: { percentAgreement: 0.5, kappa: 0.1, alpha: 0.1 },
  disagreements: [
    { code: 'low', kind: 'aOnly', file: 't.md', text: 'he said "<no>"', codesA: ['low'], codesB: [] },
    { code: 'high', kind: 'bOnly', file: 't.md', text: 'other', codesA: [], codesB: ['high'] },
  ],
};

describe('client: agreement panel HTML', () => {
  it('lists codes lowest κ first, undefined κ last', () => {
    assert.deepEqual(
      sortedCodes(RESULT).map((c) => c.id),
      ['low', 'high', 'none'],
    );
    const html = renderAgreement(RESULT, undefined, []);
    assert.ok(html.indexOf('data-code="low"') < html.indexOf('data-code="high"'));
    assert.match(html, /<td>-0\.200<\/td>/);
    assert.doesNotMatch(html, /<b>/, 'titles are escaped');
  });

  it('shows the disagreements of the open code with keep buttons, escaped', () => {
    const list = RESULT.disagreements.filter((d) => d.code === 'low');
    const html = renderAgreement(RESULT, 'low', list);
    assert.match(html, /<h2>Disagreements on <code>low<\/code><\/h2>/);
    assert.match(html, /<span class="kind">A only<\/span>/);
    assert.match(html, /he said &#34;&#60;no&#62;&#34;/);
    assert.match(html, /data-index="0" data-side="a">Keep A's coding/);
    assert.doesNotMatch(html, /other/);
  });
});
