#!/usr/bin/env node
// Entry for `condense-language-server` (npm bin): the server is bundled to dist/server.js by `npm run build`.
require('../dist/server.js').main();
