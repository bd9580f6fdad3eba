/**
 * Hand-made REFI-QDA projects for the import tests: a project.qde from a few sources and
 * codes, zipped with fflate.
 */
import { zipSync } from 'fflate';
import { uuidV5 } from '../../../server/src/core/export/uuid';

/** A test selection: offsets in code points and code names. */
export interface TestSelection {
  start: number;
  end: number;
  codes: string[];
  name?: string;
}

/** A test source: its text and selections. */
export interface TestSource {
  name: string;
  text: string;
  selections: TestSelection[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The GUID the builder gives a name. */
export const g = (name: string): string => uuidV5(`test:${name}`);

/** A project.qde with flat codes and text sources stored as internal files. */
export function projectXml(codes: string[], sources: TestSource[], extraSources = ''): string {
  const codeXml = codes.map((c) => `<Code guid="${g(`code:${c}`)}" name="${esc(c)}" isCodable="true"/>`).join('');
  const srcXml = sources
    .map((s) => {
      const sels = s.selections
        .map(
          (sel, k) =>
            `<PlainTextSelection guid="${g(`sel:${s.name}:${k}`)}"${sel.name ? ` name="${esc(sel.name)}"` : ''} startPosition="${sel.start}" endPosition="${sel.end}">` +
            sel.codes
              .map(
                (c, j) =>
                  `<Coding guid="${g(`coding:${s.name}:${k}:${j}`)}"><CodeRef targetGUID="${g(`code:${c}`)}"/></Coding>`,
              )
              .join('') +
            '</PlainTextSelection>',
        )
        .join('');
      return `<TextSource guid="${g(`src:${s.name}`)}" name="${esc(s.name)}" plainTextPath="internal://${g(`src:${s.name}`)}.txt">${sels}</TextSource>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="test">' +
    (codes.length ? `<CodeBook><Codes>${codeXml}</Codes></CodeBook>` : '') +
    `<Sources>${srcXml}${extraSources}</Sources></Project>`
  );
}

/** Zips entries (text or bytes) into an archive. */
export function zip(entries: Record<string, string | Uint8Array>): Uint8Array {
  const enc = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(entries)) files[k] = typeof v === 'string' ? enc.encode(v) : v;
  return zipSync(files);
}

/** A .qdpx of the given codes and sources. */
export function qdpx(
  codes: string[],
  sources: TestSource[],
  extraSources = '',
  extraFiles: Record<string, string> = {},
): Uint8Array {
  const entries: Record<string, string> = { 'project.qde': projectXml(codes, sources, extraSources), ...extraFiles };
  for (const s of sources) entries[`sources/${g(`src:${s.name}`)}.txt`] = s.text;
  return zip(entries);
}
