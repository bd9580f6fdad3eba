#!/usr/bin/env node
// Entry for `condense` (npm bin): the CLI is bundled to dist/cli.js by `npm run build`.
// git runs the merge driver once per file: `merge-file` loads its own, smaller bundle.
if (process.argv[2] === 'merge-file') require('../dist/mergeDriver.js').main();
else require('../dist/cli.js').main();
