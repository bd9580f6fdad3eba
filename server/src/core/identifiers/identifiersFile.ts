/**
 * The identifiers file: the real names (of people, wards, towns) that must not stay in
 * a study, one per line, each with the pseudonym that replaces it. Parsing never fails
 * and its problems name line numbers only, never the content: the file is the one
 * secret of a study, and Condense never prints, logs or copies what it holds.
 */

/** One entry: a name to find and the pseudonym that replaces it. */
export interface IdentifierEntry {
  /** The name as written, whitespace runs collapsed to one space. */
  name: string;
  pseudonym: string;
  /** True when the file gave no pseudonym and one was made up (`[Person N]`). */
  madeUp: boolean;
  /** 1-based line of the entry in the identifiers file. */
  line: number;
}

/** The parsed file: its entries and problems (with line numbers only). */
export interface IdentifiersFile {
  entries: IdentifierEntry[];
  problems: string[];
}

/** Separates a name from its pseudonym on a line. */
export const PSEUDONYM_ARROW = '=>';

/**
 * Reads identifiers-file text: `Real name => Pseudonym` or `Real name` per line, `#`
 * starting a comment line, blank lines ignored. A name listed twice keeps its first
 * pseudonym. Names without a pseudonym get `[Person 1]`, `[Person 2]`, ... in the
 * order they are listed.
 */
export function parseIdentifiersFile(text: string): IdentifiersFile {
  const entries: IdentifierEntry[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  let madeUp = 0;
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n?|\n/);
  lines.forEach((raw, k) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const arrow = line.indexOf(PSEUDONYM_ARROW);
    const name = (arrow < 0 ? line : line.slice(0, arrow)).trim().replace(/\s+/g, ' ');
    const given = arrow < 0 ? '' : line.slice(arrow + PSEUDONYM_ARROW.length).trim();
    if (name === '') {
      problems.push(`line ${k + 1} has a pseudonym but no name before "${PSEUDONYM_ARROW}"`);
      return;
    }
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`line ${k + 1} repeats the name of line ${first}; the first one counts`);
      return;
    }
    seen.set(key, k + 1);
    entries.push(
      given
        ? { name, pseudonym: given, madeUp: false, line: k + 1 }
        : { name, pseudonym: `[Person ${++madeUp}]`, madeUp: true, line: k + 1 },
    );
  });
  return { entries, problems };
}
