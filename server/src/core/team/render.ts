/**
 * Text renderings of `condense diff` and `condense agree`: for a terminal, and (diff) as
 * Markdown for a pull-request comment.
 */
import type { AgreementResult, CodeAgreement } from './agreement';
import type { CodeChange, SectionChange, WordDiffPart } from './codebookChanges';
import type { StudyDiff, TextDifference } from './studyDiff';
import type { UnitChange } from './unitChanges';

const CHANGE_ORDER = ['recoded', 'resized', 'added', 'removed'] as const;

function clip(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const cps = Array.from(one);
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : one;
}

function codes(list: string[]): string {
  return list.length ? list.join(' ') : '(none)';
}

/** One line saying what a unit change did to the codes or the span. */
function unitSummary(u: UnitChange): string {
  switch (u.change) {
    case 'recoded':
      return `${codes(u.codesBefore)} → ${codes(u.codesAfter)}`;
    case 'resized': {
      const recoded =
        u.codesBefore.join(' ') !== u.codesAfter.join(' ')
          ? `, ${codes(u.codesBefore)} → ${codes(u.codesAfter)}`
          : `, ${codes(u.codesAfter)}`;
      const b = u.before;
      return `${b ? `${b.plainStart}–${b.plainEnd}` : '?'} → ${u.plainStart}–${u.plainEnd}${recoded}`;
    }
    case 'added':
      return codes(u.codesAfter);
    default:
      return codes(u.codesBefore);
  }
}

function codeChangeLine(c: CodeChange): string {
  switch (c.change) {
    case 'added':
      return `added      ${c.id} "${c.title}"${c.parent ? ` under ${c.parent}` : ''}`;
    case 'removed':
      return `removed    ${c.id} "${c.title}"`;
    case 'renamed':
      return `renamed    ${c.idBefore} → ${c.id}`;
    case 'moved':
      return `moved      ${c.id}: ${c.parentBefore ?? '(top level)'} → ${c.parentAfter ?? '(top level)'}`;
    case 'retitled':
      return `retitled   ${c.id}: "${c.titleBefore}" → "${c.titleAfter}"`;
    default:
      return `recoloured ${c.id}: ${c.colorBefore ?? '(none)'} → ${c.colorAfter ?? '(none)'}`;
  }
}

/** A word diff as git's --word-diff=plain writes it: [-removed-]{+added+}. */
export function wordDiffText(parts: WordDiffPart[]): string {
  return parts.map((p) => (p.op === '=' ? p.text : p.op === '-' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
}

function textDiffLine(t: TextDifference): string {
  if ('onlyIn' in t) return t.onlyIn === 'a' ? 'transcript removed' : 'transcript added';
  return `text at ${t.bStart}: "${clip(t.before, 30)}" → "${clip(t.after, 30)}"`;
}

function summary(d: StudyDiff): string {
  const counts = CHANGE_ORDER.map((k) => [k, d.units.filter((u) => u.change === k).length] as const).filter(
    ([, n]) => n > 0,
  );
  const parts = counts.map(([k, n]) => `${n} ${k}`);
  if (d.codes.length) parts.push(`${d.codes.length} codebook change${d.codes.length === 1 ? '' : 's'}`);
  if (d.sections.length) parts.push(`${d.sections.length} section${d.sections.length === 1 ? '' : 's'} rewritten`);
  const texts = d.textDifferences.length;
  if (texts) parts.push(`${texts} text difference${texts === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

function byFile<T extends { file: string }>(list: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) (m.get(x.file) ?? m.set(x.file, []).get(x.file))?.push(x);
  return m;
}

function sectionLines(s: SectionChange): string {
  return `${s.section} of ${s.code}: ${wordDiffText(s.diff).replace(/\s*\n\s*/g, ' ¶ ')}`;
}

/** `condense diff` for a terminal, grouped by transcript. */
export function renderDiffText(d: StudyDiff): string {
  const lines: string[] = [`Coding changes from ${d.a} to ${d.b}: ${summary(d)}.`];
  const units = byFile(d.units);
  const texts = byFile(d.textDifferences);
  for (const file of [...new Set([...units.keys(), ...texts.keys()])].sort()) {
    lines.push('', file);
    for (const t of texts.get(file) ?? []) lines.push(`  ${textDiffLine(t)}`);
    for (const u of units.get(file) ?? []) {
      lines.push(
        `  ${u.change.padEnd(8)} ${String(u.range.start.line + 1).padStart(5)}  ${unitSummary(u)}  "${clip(u.text)}"`,
      );
    }
  }
  if (d.codes.length || d.sections.length) {
    lines.push('', 'Codebook');
    for (const c of d.codes) lines.push(`  ${codeChangeLine(c)}`);
    for (const s of d.sections) lines.push(`  ${sectionLines(s)}`);
  }
  return lines.join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function mdWordDiff(parts: WordDiffPart[]): string {
  return parts
    .map((p) => {
      const t = cell(p.text);
      if (p.op === '=' || !t.trim()) return t;
      return p.op === '-' ? `~~${t.trim()}~~ ` : `**${t.trim()}** `;
    })
    .join('');
}

/** `condense diff --format markdown`: a pull-request comment. */
export function renderDiffMarkdown(d: StudyDiff): string {
  const lines: string[] = [`### Coding changes: \`${d.a}\` → \`${d.b}\``, '', `${summary(d)}.`];
  const units = byFile(d.units);
  const texts = byFile(d.textDifferences);
  for (const file of [...new Set([...units.keys(), ...texts.keys()])].sort()) {
    lines.push('', `#### \`${file}\``, '');
    for (const t of texts.get(file) ?? []) lines.push(`- ${cell(textDiffLine(t))}`);
    const list = units.get(file) ?? [];
    if (list.length) {
      if (texts.has(file)) lines.push('');
      lines.push('| Change | Line | Codes | Text |', '| --- | ---: | --- | --- |');
      for (const u of list)
        lines.push(`| ${u.change} | ${u.range.start.line + 1} | ${cell(unitSummary(u))} | ${cell(clip(u.text, 80))} |`);
    }
  }
  if (d.codes.length || d.sections.length) {
    lines.push('', '#### Codebook', '');
    for (const c of d.codes) lines.push(`- ${cell(codeChangeLine(c).replace(/\s+/, ' '))}`);
    for (const s of d.sections) lines.push(`- **${s.section}** of \`${s.code}\`: ${mdWordDiff(s.diff).trim()}`);
  }
  return lines.join('\n');
}

function fmt(x: number | null, digits = 3): string {
  return x === null ? '–' : x.toFixed(digits);
}

/** The codes sorted for display: lowest κ first, undefined κ last, then by id. */
export function byKappa(codes: CodeAgreement[]): CodeAgreement[] {
  return [...codes].sort((x, y) => {
    if (x.kappa === null || y.kappa === null)
      return (x.kappa === null ? 1 : 0) - (y.kappa === null ? 1 : 0) || (x.id < y.id ? -1 : 1);
    return x.kappa - y.kappa || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  });
}

/** `condense agree` for a terminal: one row per code, lowest κ first, then the pooled row. */
export function renderAgreementText(r: AgreementResult): string {
  const head = ['Code', 'kappa', 'alpha', 'agree%', 'both', 'A only', 'B only', 'segments =/A/B'];
  const rows = byKappa(r.codes).map((c) => [
    c.id,
    fmt(c.kappa),
    fmt(c.alpha),
    c.percentAgreement === null ? '–' : (100 * c.percentAgreement).toFixed(1),
    String(c.both),
    String(c.aOnly),
    String(c.bOnly),
    `${c.segments.matched}/${c.segments.aOnly}/${c.segments.bOnly}`,
  ]);
  const p = r.pooled;
  rows.push([
    '(pooled)',
    fmt(p.kappa),
    fmt(p.alpha),
    p.percentAgreement === null ? '–' : (100 * p.percentAgreement).toFixed(1),
    String(p.both),
    String(p.aOnly),
    String(p.bOnly),
    `${p.segments.matched}/${p.segments.aOnly}/${p.segments.bOnly}`,
  ]);
  const widths = head.map((h, k) => Math.max(Array.from(h).length, ...rows.map((row) => Array.from(row[k]).length)));
  const line = (row: string[]): string =>
    row
      .map((v, k) => (k === 0 ? v.padEnd(widths[k]) : v.padStart(widths[k])))
      .join('  ')
      .trimEnd();
  const out = [
    `Agreement between ${r.a} (A) and ${r.b} (B) on ${r.characters} characters, segments matched at ${r.threshold}:`,
    '',
    line(head),
    ...rows.map(line),
  ];
  const texts = r.textDifferences.filter((t) => !('onlyIn' in t)).length;
  const only = r.textDifferences.filter((t) => 'onlyIn' in t).length;
  if (texts || only) {
    out.push(
      '',
      `Not compared: ${texts} stretch${texts === 1 ? '' : 'es'} of text that differ${only ? `, ${only} transcript${only === 1 ? '' : 's'} in one version only` : ''}.`,
    );
  }
  return out.join('\n');
}
