/**
 * A small study for exact analysis expectations: nested units, a unit with two codes, a
 * div around two turns, an empty unit, an undefined code, a unit before any speaker, a
 * speaker missing from participants:, emoji, and a second transcript with a BOM and CRLF.
 */

/** The files of the analysis fixture. */
export const ANALYSIS_FIXTURE: Record<string, string> = {
  'condense.json': '{"transcripts": ["transcripts/*.md"]}\n',
  'codebook.md': [
    '# Theme A {#ta}',
    '',
    '## Sub a1 {#a1}',
    '',
    '## Sub a2 {#a2}',
    '',
    '# Theme B {#tb}',
    '',
    '## Sub b1 {#b1}',
    '',
  ].join('\n'),
  'transcripts/fg1.md': [
    '---',
    'date: 2024-03-02',
    'participants:',
    '  P1: {role: executive}',
    '  P2: {role: strategic}',
    '  M: {role: moderator}',
    '---',
    '',
    '[intro]{.a2}',
    '',
    '**P1:** [Outer 😊 text [inner]{.b1} more]{.a1 note="nested <b>memo</b>"} then [two codes]{.a1 .a2}.',
    '',
    '**P2:** [alone]{.a2} and []{.b1} and [x]{.zz}',
    '',
    '::: {.tb}',
    '**M:** [in div]{.a1}',
    '',
    '**P3:** [p3 speaks]{.b1 note="a memo"}',
    ':::',
    '',
  ].join('\n'),
  'transcripts/fg2.md': '\ufeff**P1:** [again]{.a1 .b1}\r\n\r\n**P2:** Nothing coded.\r\n',
};
