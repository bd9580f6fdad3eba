/**
 * The file side of `condense merge-file` (git's merge-driver contract) and of the diff
 * driver: which study file a path is, git's own three-way text merge for what is not a
 * coding, and writing the result atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/config';
import { mergeCodebook } from '../core/team/mergeCodebook';
import { mergeTranscript } from '../core/team/mergeTranscript';
import { classifierOf, configOf } from '../core/team/snapshot';
import { gitRun } from './gitRead';
import { decodeText } from '../core/textFile';

/** A file the driver cannot merge: one line, exit 2 (git then keeps its own conflict). */
export class MergeInputError extends Error {}

/** What a merge produced. */
export interface FileMerge {
  text: string;
  conflicts: number;
  messages: string[];
}

/** Reads a file given to a driver as UTF-8 text, or explains why not. */
export function readDriverFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new MergeInputError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const d = decodeText(bytes, Number.MAX_SAFE_INTEGER);
  if ('problem' in d) throw new MergeInputError(`${file}: binary file or not UTF-8 text; left to git`);
  return d.text;
}

/** The classifier of the last condense.json seen: a merge visits one study's files one after another. */
let lastClassifier: { text: string | undefined; classify: (rel: string) => 'codebook' | 'transcript' | null } | null =
  null;

function classifierFor(text: string | undefined): (rel: string) => 'codebook' | 'transcript' | null {
  if (!lastClassifier || lastClassifier.text !== text)
    lastClassifier = { text, classify: classifierOf(configOf(text)) };
  return lastClassifier.classify;
}

/**
 * What the file at `relPath` (relative to the current folder, as git passes %P) is to the
 * study that holds it: the nearest folder above it with a condense.json decides, else a
 * file named codebook.md is a codebook and other Markdown a transcript.
 */
export function studyKindOf(relPath: string): 'codebook' | 'transcript' | null {
  const abs = path.resolve(relPath);
  for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
    const cfg = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(cfg)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(cfg, 'utf8');
      } catch {
        text = undefined;
      }
      return classifierFor(text)(path.relative(dir, abs).split(path.sep).join('/'));
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  if (path.basename(abs) === 'codebook.md') return 'codebook';
  return /\.md$/i.test(abs) && !/^(readme|changelog)/i.test(path.basename(abs)) ? 'transcript' : null;
}

/** git's three-way merge of three texts (`git merge-file -p`), with temporary files next to `near`. */
export function gitMergeText(
  base: string,
  ours: string,
  theirs: string,
  near: string,
): { text: string; conflicts: number } {
  // Where one side is the base (or both sides are the same), git's answer is the other
  // side, byte for byte: no process and no temporary files for that.
  if (ours === base || ours === theirs) return { text: theirs, conflicts: 0 };
  if (theirs === base) return { text: ours, conflicts: 0 };
  const dir = path.dirname(path.resolve(near));
  const stem = path.join(dir, `.${path.basename(near)}.condense-${process.pid}`);
  const files = [`${stem}-ours`, `${stem}-base`, `${stem}-theirs`];
  try {
    fs.writeFileSync(files[0], ours);
    fs.writeFileSync(files[1], base);
    fs.writeFileSync(files[2], theirs);
    const r = gitRun(dir, ['merge-file', '-p', '-L', 'ours', '-L', 'base', '-L', 'theirs', ...files]);
    // git merge-file exits with the number of conflicts (capped at 127), or above that on an error.
    if (r.status === null || r.status > 127) throw new MergeInputError(`git merge-file failed on ${near}`);
    return { text: r.stdout.toString('utf8'), conflicts: r.status };
  } finally {
    for (const f of files) fs.rmSync(f, { force: true });
  }
}

/** Merges three versions of the study file `relPath`; `near` is where temporary files may go. */
export function mergeStudyFile(base: string, ours: string, theirs: string, relPath: string, near: string): FileMerge {
  const kind = studyKindOf(relPath);
  const textMerge = (b: string, o: string, t: string) => gitMergeText(b, o, t, near);
  if (kind === 'transcript') {
    const m = mergeTranscript(base, ours, theirs, relPath, textMerge);
    if (m.kind === 'merged') return { text: m.text, conflicts: m.conflicts, messages: m.messages };
    const t = textMerge(base, ours, theirs);
    return {
      ...t,
      messages: [
        `${relPath}: both sides changed the same text; merged as plain text, with git's conflict markers where they clash`,
      ],
    };
  }
  if (kind === 'codebook') return { ...mergeCodebook(base, ours, theirs, textMerge), messages: [] };
  return { ...textMerge(base, ours, theirs), messages: [] };
}

/** Writes `text` to `file` atomically: a temporary file in the same folder, then a rename. */
export function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.condense-${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new MergeInputError(`${file}: cannot write the merge (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
