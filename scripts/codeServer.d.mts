// Types of scripts/codeServer.mjs, for the end-to-end tests (TypeScript).
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export const APT_PACKAGES: string[];
export const cacheRoot: string;
export const codeServerDir: string;
export const SETTINGS: Record<string, unknown>;
export function ensureAptPackages(packages?: string[]): void;
export function ensureCodeServer(): string;
export function portFree(port: number): Promise<boolean>;
export function freePort(start?: number): Promise<number>;

export interface CodeServer {
  /** The workbench with the folder open. */
  url: string;
  /** http://127.0.0.1:<port> */
  base: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export function startCodeServer(options: {
  folder: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  vsix?: string;
  logFile?: string;
  /** User settings on top of SETTINGS. */
  settings?: Record<string, unknown>;
  timeoutMs?: number;
}): Promise<CodeServer>;
