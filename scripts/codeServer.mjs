// code-server (VS Code for the web) for `npm start` and the end-to-end tests.
//
// ensureCodeServer() installs code-server from the npm registry into a cache folder
// outside the project's dependencies, `${XDG_CACHE_HOME:-~/.cache}/condense/code-server-<v>`,
// with the Debian packages its native modules build against. Nothing is downloaded but
// npm and Debian packages: @vscode/ripgrep's own download is pre-seeded with Debian's rg.
// startCodeServer() installs a .vsix into fresh dirs and starts code-server on 127.0.0.1.
//
//   node scripts/codeServer.mjs --ensure    installs (when needed) and prints the binary's path
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
  openSync,
  closeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.99.4';
/** The Debian packages: headers for code-server's native modules, ripgrep, and Chromium for the tests. */
export const APT_PACKAGES = ['libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'ripgrep', 'chromium'];
/** What @vscode/ripgrep (the version code-server 4.99 depends on) would download. */
const RIPGREP_CACHE = {
  dir: 'vscode-ripgrep-cache-1.15.11',
  file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
};

/** `${XDG_CACHE_HOME:-~/.cache}/condense`: code-server and the dirs of `npm start`. */
export const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'condense');
/** Where code-server is installed. */
export const codeServerDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
const binary = join(codeServerDir, 'node_modules', '.bin', 'code-server');
const marker = join(codeServerDir, '.installed');

const log = (msg) => process.stderr.write(`[code-server] ${msg}\n`);

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the Debian packages that are missing (apt-get update first, once). */
export function ensureAptPackages(packages = APT_PACKAGES) {
  const missing = packages.filter((p) => !installed(p));
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Puts Debian's rg where @vscode/ripgrep's postinstall looks before it downloads. */
function seedRipgrepCache() {
  const dir = join(process.env.TMPDIR || '/tmp', RIPGREP_CACHE.dir);
  const archive = join(dir, RIPGREP_CACHE.file);
  if (existsSync(archive)) return;
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw new Error(`${rg} is missing: install Debian's ripgrep`);
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'condense-rg-'));
  try {
    copyFileSync(rg, join(staging, 'rg'));
    run('tar', ['-czf', archive, '-C', staging, 'rg']);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Installs the Debian packages and code-server (what is not yet there); returns the path of code-server. */
export function ensureCodeServer() {
  ensureAptPackages();
  if (existsSync(marker) && existsSync(binary)) return binary;
  seedRipgrepCache();
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(
    join(codeServerDir, 'package.json'),
    `${JSON.stringify({ name: 'condense-code-server', private: true, description: 'code-server for Condense: npm start and the end-to-end tests' }, null, 2)}\n`,
  );
  log(`installing code-server@${CODE_SERVER_VERSION} in ${codeServerDir} (about a minute)`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env: { ...process.env, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  const version = JSON.parse(
    readFileSync(join(codeServerDir, 'node_modules', 'code-server', 'package.json'), 'utf8'),
  ).version;
  if (version !== CODE_SERVER_VERSION || !existsSync(binary))
    throw new Error(`code-server ${CODE_SERVER_VERSION} did not install in ${codeServerDir}`);
  writeFileSync(marker, `${CODE_SERVER_VERSION}\n`);
  return binary;
}

/** True when nothing listens on 127.0.0.1:port. */
export function portFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** The first free port from `start` on. */
export async function freePort(start = 8080) {
  for (let p = start; p < start + 200; p++) if (await portFree(p)) return p;
  throw new Error(`no free port in ${start}..${start + 199}`);
}

/** User settings: a quiet workbench that asks for nothing and fetches nothing. */
export const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Installs `vsix` into `extensionsDir` and starts code-server on 127.0.0.1:`port` with
 * `folder` open and SETTINGS (plus `settings`) as user settings; resolves when /healthz
 * answers. `stop()` ends code-server and all its children (extension host, language
 * server). Its output goes to `logFile` (default: code-server.log beside `userDataDir`).
 */
export async function startCodeServer({
  folder,
  port,
  userDataDir,
  extensionsDir,
  vsix,
  logFile,
  settings = {},
  timeoutMs = 90_000,
}) {
  const bin = ensureCodeServer();
  folder = resolve(folder);
  userDataDir = resolve(userDataDir);
  extensionsDir = resolve(extensionsDir);
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...SETTINGS, ...settings }, null, 2)}\n`,
  );
  // Its own config file, so that code-server does not write ~/.config/code-server/config.yaml.
  const config = join(userDataDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (vsix) {
    const r = spawnSync(bin, ['--install-extension', resolve(vsix), ...common], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
  }
  logFile = resolve(logFile ?? join(userDataDir, '..', 'code-server.log'));
  const out = openSync(logFile, 'w');
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    folder,
  ];
  // Its own process group, so that stop() ends the extension host and language server too.
  // EXTENSIONS_GALLERY={} leaves code-server without a marketplace: it asks no server for extensions.
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}' };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  const child = spawn(bin, args, { detached: true, stdio: ['ignore', out, out], env });
  closeSync(out);
  let exited = false;
  const exit = new Promise((res) =>
    child.once('exit', (code, signal) => {
      exited = true;
      res({ code, signal });
    }),
  );
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exit;
    clearTimeout(timer);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited)
      throw new Error(
        `code-server exited before it was ready; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`,
      );
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${base}/healthz within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // The folder's slashes stay readable in the address; everything else is encoded.
  return {
    url: `${base}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`,
    base,
    process: child,
    logFile,
    stop,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (process.argv.includes('--ensure')) {
    console.log(ensureCodeServer());
  } else {
    console.error('usage: node scripts/codeServer.mjs --ensure');
    process.exit(2);
  }
}
