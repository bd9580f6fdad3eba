/**
 * Mocha's spec reporter, plus a line for every end-to-end test that failed once and was
 * run again (the suite allows one retry, see .mocharc.json), with its first failure, and
 * a closing count. A flake shows in the CI log instead of passing unseen; a test that
 * fails twice still fails the run.
 */
'use strict';
const Mocha = require('mocha');

const { EVENT_TEST_RETRY, EVENT_RUN_END } = Mocha.Runner.constants;

class RetryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const retried = [];
    runner.on(EVENT_TEST_RETRY, (test, err) => {
      const first = String((err && (err.stack || err.message)) || err).split('\n').slice(0, 6).join('\n      ');
      retried.push(test.fullTitle());
      console.log(`\n  RETRY (failed once, running again): ${test.fullTitle()}\n      ${first}\n`);
    });
    runner.once(EVENT_RUN_END, () => {
      console.log(`  retried: ${retried.length}${retried.length ? ` (${retried.join('; ')})` : ''}`);
    });
  }
}

module.exports = RetryReporter;
