// `npm start`: Condense on the sample study, in a real VS Code.
//
// With a desktop VS Code (`code` on PATH): opens sample/ with this checkout as a
// development extension. Without one: installs code-server (VS Code for the web) into the
// cache folder when needed (see scripts/codeServer.mjs), packages condense.vsix, installs
// it into fresh user-data and extensions dirs, and serves sample/ on 127.0.0.1 (port 8080
// or the next free one, or $PORT) until Ctrl+C.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, ensureCodeServer, freePort, portFree, startCodeServer } from './codeServer.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sample = join(repo, 'sample');

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (onPath('code')) {
  console.log('Opening the sample study in VS Code, with Condense from this checkout as a development extension.');
  const r = spawnSync('code', [`--extensionDevelopmentPath=${repo}`, sample], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

ensureCodeServer();
const pkg = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
if (pkg.status !== 0) {
  console.error('npm run package failed');
  process.exit(1);
}

let port;
if (process.env.PORT) {
  port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`PORT=${process.env.PORT} is not a port number`);
    process.exit(2);
  }
  if (!(await portFree(port))) {
    console.error(`127.0.0.1:${port} is in use (PORT=${process.env.PORT})`);
    process.exit(2);
  }
} else port = await freePort(8080);

// Fresh dirs on every start: the .vsix just built, no state left from an earlier run.
const dir = join(cacheRoot, 'start');
rmSync(dir, { recursive: true, force: true });
const server = await startCodeServer({
  folder: sample,
  port,
  userDataDir: join(dir, 'user-data'),
  extensionsDir: join(dir, 'extensions'),
  vsix: join(repo, 'condense.vsix'),
  logFile: join(dir, 'code-server.log'),
});

console.log(`Condense is running on the sample study at ${server.url}`);
console.log(`(code-server ${server.base}, log ${server.logFile}; edits are saved to sample/.) Press Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`code-server stopped (${signal ?? `exit ${code}`}); see ${server.logFile}`);
  process.exit(1);
});
