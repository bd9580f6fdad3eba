/**
 * Code lenses in a codebook: above each code heading, how many units, transcripts and
 * speakers the code has (with its subcodes); clicking lists the units.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { StudyIndex } from '../core/studyIndex';
import { countsLine } from './codeInfo';

/** The client command a lens runs, with the code id as its only argument. */
export const SHOW_UNITS_COMMAND = 'condense.showUnitsOfCode';

/** `textDocument/codeLens`: one lens per code heading of a codebook; none elsewhere. */
export function provideCodeLenses(index: StudyIndex, uri: string): CodeLens[] {
  const codes = index.getDocument(uri)?.codebook?.codes ?? [];
  return codes.map((code) => {
    const title = countsLine(index.counts(code.id));
    return { range: code.range, command: { title, command: SHOW_UNITS_COMMAND, arguments: [code.id] } };
  });
}
