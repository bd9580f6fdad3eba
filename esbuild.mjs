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

/**
 * Heavy dependencies that only some commands use, each bundled once to dist/vendor/<name>.js
 * and loaded on first use, so that start-up (`condense check`, the language server, the
 * parse workers) compiles and runs none of them (see docs/performance.md):
 * docx for the .docx Results export, compromise for identifier hints, @xmldom/xmldom for
 * REFI-QDA import, fflate for the .qdpx zip (export and import), safe-regex2 for a study's
 * own speakerPattern, and yaml for front matter that simpleYaml cannot read (and for import).
 * Their import sites load them with require() or import() inside the function that needs
 * them; a static import would still work, but would load the vendor bundle at start-up
 * again (test/unit/lazyLoad.test.ts fails then).
 *
 * Separate CommonJS bundles rather than esbuild's code splitting: splitting needs ESM
 * output, whose import() is asynchronous, and the front-matter parser is synchronous; the
 * entries are also loaded with require() (bin/, the VS Code client, the parse pool).
 */
const lazyPackages = {
  yaml: 'yaml',
  docx: 'docx',
  compromise: 'compromise',
  '@xmldom/xmldom': 'xmldom',
  fflate: 'fflate',
  'safe-regex2': 'safe-regex2',
};

/**
 * Each vendor bundle's entry, built in memory. docx and fflate ship separate ES module and
 * CommonJS builds: their entry re-exports the ES module build (`export *`), the one a
 * static import resolved to when they were bundled into the main bundles, so the same code
 * runs. The others ship one build for Node, re-exported as it is.
 */
const esmEntries = new Set(['docx', 'fflate']);
const vendorEntry = (name) =>
  esmEntries.has(name) ? `export * from '${name}';` : `module.exports = require(${JSON.stringify(name)});`;

/** Builds dist/vendor/<name>.js from the in-memory entry above. */
const vendorStub = {
  name: 'vendor-stub',
  setup(build) {
    build.onResolve({ filter: /^vendor-stub:/ }, (args) => ({ path: args.path.slice(12), namespace: 'vendor-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'vendor-stub' }, (args) => ({
      contents: vendorEntry(args.path),
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

const lazyFilter = new RegExp(`^(?:${Object.keys(lazyPackages).join('|').replace(/[/.]/g, '\\$&')})$`);

/** In the main bundles, a heavy package is a require of its vendor bundle beside them in dist/. */
const lazyVendor = {
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: lazyFilter }, (args) => ({
      path: `./vendor/${lazyPackages[args.path]}.js`,
      external: true,
    }));
  },
};

/** The condensate preview's script runs in the webview (a browser), built beside its CSS in media/. */
const webviews = [
  { in: 'client/webview/preview.ts', out: 'preview' },
  { in: 'client/webview/report.ts', out: 'report' },
  { in: 'client/webview/agreement.ts', out: 'agreement' },
].filter((e) => existsSync(e.in));

/** What every Node bundle (the vendor bundles and the entries) is built with. */
const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: 'dist',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

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
  esbuild.context({
    ...nodeBundle,
    entryPoints: Object.fromEntries(
      Object.entries(lazyPackages).map(([pkgName, name]) => [`vendor/${name}`, `vendor-stub:${pkgName}`]),
    ),
    plugins: [vendorStub],
  }),
  ...entries.map((e) =>
    esbuild.context({
      ...nodeBundle,
      entryPoints: { [e.out]: e.in },
      external: e.external ?? [],
      plugins: [lazyVendor],
      // import('docx') becomes a require of dist/vendor/docx.js in a resolved promise: no
      // ES module loader in a CommonJS bundle.
      supported: { 'dynamic-import': false },
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
