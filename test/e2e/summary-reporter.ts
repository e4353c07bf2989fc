import type { Reporter, TestModule } from 'vitest/node';

/** One closing line a person (or CI log search) can read at a glance. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      // A file that failed before its tests ran (setup error) is a failure too.
      if (module.state() === 'failed' && ![...module.children.allTests()].length) count.failed++;
    }
    count.failed += unhandledErrors.length;
    process.stdout.write(
      `\nend-to-end: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`,
    );
  }
}
