/**
 * Names for imported things: code ids (valid Pandoc identifiers, unique, never one of
 * Pandoc's own classes) and file names (portable, unique regardless of case).
 */
import { PANDOC_CLASSES } from '../../../../common/attributes';

/** Gives out unique code ids slugified from names. */
export class IdMaker {
  private readonly used = new Set<string>();

  /** A new id for `name`: lower-case letters and digits joined by `-`, starting with a letter. */
  make(name: string): string {
    let base = name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/[\ud800-\udfff]/g, '')
      .replace(/^-+|-+$/g, '');
    // Ids are typed in transcripts: keep whole words up to about 32 characters.
    if (base.length > 32) {
      const cut = base.lastIndexOf('-', 32);
      base = base.slice(0, cut > 8 ? cut : 32);
    }
    if (!/^\p{L}/u.test(base)) base = base ? `code-${base}` : 'code';
    if (PANDOC_CLASSES.has(base)) base = `${base}-code`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}

/** True when `s` can be written as a unit's `#id`. */
export function isIdentifier(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_:.-]*$/.test(s) && s.length <= 100;
}

const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** Gives out unique, portable file names (without extension). */
export class FileNamer {
  private readonly used = new Set<string>();

  /** A file name for `name`: letters, digits, `.`, `_` and `-`, unique ignoring case. */
  make(name: string): string {
    let base = name
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 80);
    if (!base || RESERVED.test(base)) base = `source${base ? `-${base}` : ''}`;
    let file = base;
    for (let n = 2; this.used.has(file.toLowerCase()); n++) file = `${base}-${n}`;
    this.used.add(file.toLowerCase());
    return file;
  }
}
