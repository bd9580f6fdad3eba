/**
 * The team requests of the language server (condense/revisions, compareCoding,
 * versionText, agreement, applyCoding): the server reads versions from git or folders
 * and compares them with the working state of the study, open editors included, so that
 * the client's views only display.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { CONFIG_FILE } from '../core/config';
import { AgreementTally } from '../core/team/agreement';
import { applyCoding } from '../core/team/applyCoding';
import { parseSnapshot, type ParsedSnapshot, type StudySnapshot } from '../core/team/snapshot';
import { versionPair } from '../core/team/snapshotPairs';
import { DiffTally, diffJson } from '../core/team/studyDiff';
import type { TranscriptPair, UnitChange } from '../core/team/unitChanges';
import { git, repositoryOf } from '../node/gitRead';
import { pathToUri } from '../node/loadStudy';
import { readVersion, VersionError } from '../node/studyVersion';
import {
  AgreementRequest,
  ApplyCodingRequest,
  CompareCodingRequest,
  RevisionsRequest,
  VersionTextRequest,
  type CodingChangeInfo,
  type DisagreementInfo,
  type RevisionInfo,
} from '../../../common/protocol';
import { normalizeUri, type Study } from '../node/study';
import { cancellableWalk, cancelled, type RequestWalk } from './cancellation';
import type { Studies } from './studies';

/** The label of the working state in results. */
export const WORKING = 'working tree';

function studyOf(workspace: Studies, uri: unknown): Study {
  if (typeof uri !== 'string') throw new ResponseError(1, 'no study given');
  const u = normalizeUri(uri).replace(/\/$/, '');
  const s = workspace.studies.find((x) => x.rootUri === u) ?? workspace.studyFor(u);
  if (!s) throw new ResponseError(1, `no Condense study holds ${uri}`);
  return s;
}

/** The study as the editor holds it: every indexed file's current text, and condense.json from disk. */
function workingSnapshot(study: Study): StudySnapshot {
  const files = new Map<string, string>();
  const cfg = path.join(study.root, CONFIG_FILE);
  if (fs.existsSync(cfg)) files.set(CONFIG_FILE, fs.readFileSync(cfg, 'utf8'));
  for (const d of study.index.documents()) {
    const rel = study.relPath(d.uri);
    if (rel) files.set(rel, d.text);
  }
  return { label: WORKING, files };
}

/** Reads a version, unparsed: the working state, a folder, or a revision of the study's repository. */
function snapshot(study: Study, name: string): StudySnapshot {
  if (name === WORKING) return workingSnapshot(study);
  try {
    // A relative folder is relative to the study, not to the server's working folder.
    const folder = path.resolve(study.root, name);
    const isFolder = fs.existsSync(folder) && fs.statSync(folder).isDirectory();
    return readVersion(isFolder ? folder : name, study.root);
  } catch (e) {
    if (e instanceof VersionError) throw new ResponseError(1, e.message);
    throw e;
  }
}

/** Reads and parses a version. */
function version(study: Study, name: string): ParsedSnapshot {
  return parseSnapshot(snapshot(study, name));
}

function changeInfo(study: Study, u: UnitChange): CodingChangeInfo {
  const info: CodingChangeInfo = {
    file: u.file,
    uri: pathToUri(path.join(study.root, u.file)),
    change: u.change,
    codesBefore: u.codesBefore,
    codesAfter: u.codesAfter,
    text: u.text,
  };
  if (u.change === 'removed') info.rangeA = u.range;
  else {
    info.rangeB = u.range;
    if (u.before) info.rangeA = u.before.range;
  }
  return info;
}

/** Where two versions differ, code by code, from the unit changes between them. */
export function disagreements(units: UnitChange[]): DisagreementInfo[] {
  const out: DisagreementInfo[] = [];
  for (const u of units) {
    const codes = [...new Set([...u.codesBefore, ...u.codesAfter])];
    for (const code of codes) {
      const inA = u.codesBefore.includes(code);
      const inB = u.codesAfter.includes(code);
      const kind: DisagreementInfo['kind'] =
        u.change === 'removed'
          ? 'aOnly'
          : u.change === 'added'
            ? 'bOnly'
            : u.change === 'resized' && inA && inB
              ? 'resized'
              : 'different';
      const d: DisagreementInfo = {
        code,
        kind,
        file: u.file,
        text: u.text,
        codesA: u.codesBefore,
        codesB: u.codesAfter,
      };
      if (u.change === 'removed') {
        d.rangeA = u.range;
        d.plainA = [u.plainStart, u.plainEnd];
      } else {
        d.rangeB = u.range;
        d.plainB = [u.plainStart, u.plainEnd];
        if (u.before) {
          d.rangeA = u.before.range;
          d.plainA = [u.before.plainStart, u.before.plainEnd];
        }
      }
      if (!(u.change === 'recoded' && inA && inB)) out.push(d);
    }
  }
  return out;
}

function revisions(study: Study): RevisionInfo[] {
  const repo = repositoryOf(study.root);
  if (!repo) return [];
  const out: RevisionInfo[] = [];
  const refs = git(repo.top, [
    'for-each-ref',
    '--sort=-committerdate',
    '--format=%(refname)%09%(refname:short)%09%(subject)%09%(authorname)%09%(committerdate:short)',
    'refs/heads',
    'refs/remotes',
    'refs/tags',
  ]);
  for (const line of refs.split('\n')) {
    const [full, name, subject, author, date] = line.split('\t');
    if (!name || full.endsWith('/HEAD')) continue;
    const kind = full.startsWith('refs/heads/') ? 'branch' : full.startsWith('refs/tags/') ? 'tag' : 'remote';
    out.push({ name, kind, description: `${subject ?? ''} · ${author ?? ''}, ${date ?? ''}` });
  }
  const log = git(repo.top, ['log', '-n', '15', '--format=%h%x09%s%x09%an%x09%ad', '--date=short', 'HEAD']);
  for (const line of log.split('\n')) {
    const [hash, subject, author, date] = line.split('\t');
    if (hash) out.push({ name: hash, kind: 'commit', description: `${subject} · ${author}, ${date}` });
  }
  return out;
}

/** Registers the team requests on the connection. */
export function registerTeamRequests(connection: Connection, workspace: Studies, log: (s: string) => void): void {
  // Like every request of the server, answered only from complete studies.
  // The comparisons walk the transcripts with a cancellable walk: they pause between
  // files, and stop with RequestCancelled when the client cancels.
  const safely =
    <P, R>(name: string, fn: (p: P, walk: RequestWalk) => R | Promise<R>) =>
    async (p: P, token?: CancellationToken): Promise<R> => {
      await workspace.whenReady();
      if (token?.isCancellationRequested) throw cancelled();
      try {
        return await fn(
          p,
          cancellableWalk(token, (visited) => log(`${name} cancelled after ${visited} files.`)),
        );
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log(`${name} failed: ${(e as Error).stack ?? String(e)}`);
        throw new ResponseError(1, `${name} failed: ${(e as Error).message}`);
      }
    };
  connection.onRequest(
    RevisionsRequest,
    safely('revisions', (p) => revisions(studyOf(workspace, p?.uri))),
  );
  connection.onRequest(
    CompareCodingRequest,
    safely('compareCoding', async (p, walk) => {
      const study = studyOf(workspace, p?.uri);
      const v = versionPair(snapshot(study, String(p.version)), snapshot(study, WORKING));
      const tally = new DiffTally();
      await walk(v.files, (f) => {
        const pair = v.pair(f, true);
        if (pair) tally.add(pair);
      });
      const d = tally.result(v.a, v.b);
      const json = diffJson(d) as { codes: unknown[]; sections: unknown[]; textDifferences: unknown[] };
      return {
        a: d.a,
        b: d.b,
        root: study.rootUri,
        changes: d.units.map((u) => changeInfo(study, u)),
        codes: json.codes,
        sections: json.sections,
        textDifferences: json.textDifferences,
      };
    }),
  );
  connection.onRequest(
    VersionTextRequest,
    safely('versionText', (p) => {
      const study = studyOf(workspace, p?.uri);
      const text = version(study, String(p.version));
      const file = String(p.file);
      // parseSnapshot keeps only study files; read the file through the snapshot's source.
      const doc = text.index.getDocument(file);
      return doc ? { text: doc.text } : null;
    }),
  );
  connection.onRequest(
    AgreementRequest,
    safely('agreement', async (p, walk) => {
      const study = studyOf(workspace, p?.uri);
      const v = versionPair(snapshot(study, String(p.a)), snapshot(study, String(p.b)));
      const threshold = typeof p.threshold === 'number' && p.threshold > 0 && p.threshold <= 1 ? p.threshold : 0.8;
      const tally = new AgreementTally(threshold);
      const diff = new DiffTally();
      await walk(v.files, (f) => {
        const pair = v.pair(f, false) as TranscriptPair;
        tally.add(pair);
        diff.add(pair);
      });
      const r = tally.result(v.a, v.b);
      return {
        a: r.a,
        b: r.b,
        root: study.rootUri,
        characters: r.characters,
        threshold: r.threshold,
        codes: r.codes,
        pooled: { percentAgreement: r.pooled.percentAgreement, kappa: r.pooled.kappa, alpha: r.pooled.alpha },
        disagreements: disagreements(diff.result(v.a, v.b).units),
      };
    }),
  );
  connection.onRequest(
    ApplyCodingRequest,
    safely('applyCoding', (p) => {
      const study = studyOf(workspace, p?.uri);
      const uri = normalizeUri(pathToUri(path.join(study.root, String(p.file))));
      const doc = study.index.getDocument(uri);
      if (!doc?.transcript || !Array.isArray(p.plain) || !Array.isArray(p.codes)) return null;
      const edits = applyCoding(doc.text, doc.transcript, p.plain[0], p.plain[1], String(p.text), p.codes.map(String));
      return edits ? { uri, edits } : null;
    }),
  );
}
