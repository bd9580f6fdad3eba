#!/usr/bin/env node
// Entry for `condense` (npm bin): the CLI is bundled to dist/cli.js by `npm run build`.
require('../dist/cli.js').main();
