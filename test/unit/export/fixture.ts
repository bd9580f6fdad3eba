/**
 * A small study for exact expectations: emoji (astral code points), a combining mark,
 * a transcript with a BOM and CRLF line ends, a div over two paragraphs, a unit with two
 * codes and a memo, an uncoded unit, a golden quote and an invalid colour.
 */

/** The files of the fixture study. */
export const FIXTURE: Record<string, string> = {
  'condense.json': '{"codebook": "codebook.md", "transcripts": ["transcripts/**/*.md"]}\n',
  'codebook.md': [
    '# Feelings 😊 {#feel color="#e15759"}',
    '',
    'Statements about feelings.',
    '',
    '## Joy {#joy}',
    '',
    '### Condensate',
    '',
    'I feel joy, mostly over coffee.',
    '',
    '### Quotes',
    '',
    '> the cafe\u0301 au lait (P1)',
    '',
    '### Synthesis',
    '',
    'Participants described joy in small things.',
    '',
    '# Bad colour {#bad color="red"}',
    '',
  ].join('\n'),
  'transcripts/a.md':
    '\ufeff---\r\ntitle: Interview A\r\nparticipants:\r\n  P1: {role: nurse, age: 34}\r\n---\r\n\r\n' +
    '**P1:** I love 😊 [the cafe\u0301 au lait]{#u1 .joy} and\r\n[this line\r\nwraps]{.feel .joy note="two, codes"}.\r\n\r\n' +
    '**I:** And [nothing]{}?\r\n',
  'transcripts/b.md':
    '---\nparticipants:\n  P2: {role: "doctor, senior"}\n---\n\n**P2:** Hello.\n\n::: {.feel}\n**P2:** First paragraph 👍🏽.\n\nSecond "paragraph".\n:::\n',
};

/** The stored (LF) plain texts of the fixture's transcripts. */
export const STORED = {
  a: '\nP1: I love 😊 the cafe\u0301 au lait and\nthis line\nwraps.\n\nI: And nothing?\n',
  b: '\nP2: Hello.\n\nP2: First paragraph 👍🏽.\n\nSecond "paragraph".\n',
};
