/**
 * Turning a file's bytes into the text Condense indexes: UTF-8 only, binary files refused
 * (docs/format.md, "Files that are not read"). Pure, so that every file system (the disk,
 * memory) decodes alike.
 */
import { fileTooLarge } from './fileProblems';
import type { Diagnostic } from './model';
import { decodeUtf8 } from './utf8';

/** Decodes file bytes as UTF-8 text, or explains why they are not usable text. */
export function decodeText(bytes: Uint8Array, maxSize: number): { text: string } | { problem: Diagnostic } {
  if (bytes.length > maxSize) return { problem: fileTooLarge(bytes.length, maxSize) };
  const head = bytes.subarray(0, 8192);
  const zero: Diagnostic['range'] = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (head.includes(0)) {
    return {
      problem: {
        range: zero,
        severity: 'warning',
        code: 'binary-file',
        message: 'Skipped: this looks like a binary file, not a Markdown transcript.',
      },
    };
  }
  const fast = decodeUtf8(bytes);
  if (fast !== null) return { text: fast };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return {
      problem: {
        range: zero,
        severity: 'warning',
        code: 'binary-file',
        message: 'Skipped: the file is not valid UTF-8 text. Save it as UTF-8 to code it.',
      },
    };
  }
}

/**
 * The length in UTF-8 bytes of `text`, as it would be saved: how an editor's unsaved text
 * is held to the study's size limit, like a file on disk.
 */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    // Two bytes below U+0800, three for the rest of the BMP; a surrogate pair is four (2 + 2).
    n += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdbff ? 1 : c >= 0xdc00 && c <= 0xdfff ? 1 : 2;
  }
  return n;
}
