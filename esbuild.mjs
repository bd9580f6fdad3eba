// One build script for every bundle: the CLI now, the server and client as they arrive.
// `tsc --noEmit` type-checks; esbuild only bundles.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Entry points, each bundled to dist/<name>.js for Node. */
const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli' },
  { in: 'server/src/cli/mergeDriver.ts', out: 'mergeDriver' },
  { in: 'server/src/main.ts', out: 'server' },
  { in: 'server/src/node/parseWorker.ts', out: 'parseWorker' },
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
].filter((e) => existsSync(e.in));

/** The condensate preview's script runs in the webview (a browser), built beside its CSS in media/. */
const webviews = [
  { in: 'client/webview/preview.ts', out: 'preview' },
  { in: 'client/webview/report.ts', out: 'report' },
  { in: 'client/webview/agreement.ts', out: 'agreement' },
].filter((e) => existsSync(e.in));

const contexts = await Promise.all([
  ...webviews.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      bundle: true,
      platform: 'browser',
      target: 'es2020',
      format: 'iife',
      outdir: 'media',
      minify: production,
      logLevel: 'warning',
    }),
  ),
  ...entries.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outdir: 'dist',
      sourcemap: !production,
      minify: production,
      external: e.external ?? [],
      logLevel: 'warning',
      define: { __VERSION__: JSON.stringify(pkg.version) },
    }),
  ),
]);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
