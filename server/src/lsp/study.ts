/**
 * The study as the language server sees it: the one loader of node/study.ts, shared with
 * the CLI. Re-exported here so the server's modules name one place.
 */
export { findStudyRoots, normalizeUri, Study, uriToPath, type FileRead } from '../node/study';
