/**
 * Memos: the `note="..."` of every meaning unit, gathered by code, so that the analytic
 * thoughts written while coding can be read together at the synthesis step.
 */
import type { Unit } from '../model';
import { codeRows, studyTranscripts, type AnalysisInput, type UnitKey } from './studyView';

/** One memo with where it was written. */
export interface Memo extends UnitKey {
  relPath: string;
  /** The transcript's display name. */
  transcript: string;
  /** 1-based line where the unit's content starts. */
  line: number;
  speaker?: string;
  /** The unit's `#id`, if any. */
  id?: string;
  /** Every code of the unit. */
  codes: string[];
  /** The unit's text without markup. */
  text: string;
  note: string;
}

/** The memos of one code, or of the units not yet sorted into a code (`code` null). */
export interface MemoGroup {
  code: string | null;
  title: string;
  memos: Memo[];
}

/**
 * Every unit with a non-blank memo, under each of its codes (a unit with two codes is
 * listed under both), codes in codebook order then undefined codes by id, and last the
 * memos of units with no code. Inside a group: transcripts by path, units in order.
 */
export function buildMemos(input: AnalysisInput): MemoGroup[] {
  const rows = codeRows(input.index, 'codes');
  const groups: Memo[][] = rows.ids.map(() => []);
  const uncoded: Memo[] = [];
  for (const t of studyTranscripts(input)) {
    const table = t.transcript.table;
    // Only a unit with a memo is made as an object: the table says which have one.
    const withMemo = table
      ? [...Array(table.count).keys()].filter((k) => table.extras(k)?.note !== undefined)
      : t.transcript.units.map((_, k) => k);
    const unitAt = (k: number): Unit => (table ? table.unit(k) : t.transcript.units[k]);
    withMemo.forEach((index) => {
      const u = unitAt(index);
      if (u.note === undefined || u.note.trim() === '') return;
      const memo: Memo = {
        uri: t.uri,
        index,
        relPath: t.relPath,
        transcript: t.name,
        line: u.contentRange.start.line + 1,
        codes: [...new Set(u.codes)],
        text: u.text,
        note: u.note,
      };
      if (u.speaker !== undefined) memo.speaker = u.speaker;
      if (u.id !== undefined) memo.id = u.id;
      const mine = rows.rowsOf(u);
      if (mine.length === 0) uncoded.push(memo);
      for (const r of mine) groups[r].push(memo);
    });
  }
  const out: MemoGroup[] = [];
  groups.forEach((memos, r) => {
    if (memos.length) out.push({ code: rows.ids[r], title: rows.titles[r], memos });
  });
  if (uncoded.length) out.push({ code: null, title: 'Not yet sorted into a code', memos: uncoded });
  return out;
}
