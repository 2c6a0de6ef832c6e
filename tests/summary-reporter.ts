// A Vitest reporter that closes the run with one plain line, `N passed, N failed`, for CI logs.
// It must be listed after 'default' in vite.config.ts so that its line is the last one printed.
import type { Reporter, TestModule, Vitest } from 'vitest/node';

type SerializedError = Parameters<NonNullable<Reporter['onTestRunEnd']>>[1][number];

export default class SummaryReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>
  ): void {
    const { passed, failed } = countTests(testModules, unhandledErrors.length);
    const line = `${passed} passed, ${failed} failed`;
    if (this.vitest) this.vitest.logger.log(line);
    else console.log(line);
  }
}

/**
 * Counts passed and failed tests; skipped and todo tests count as neither.
 * A file that fails outside any test (it cannot be imported, or a beforeAll/afterAll hook throws) and each
 * unhandled error also count as one failure, so a red run never reports `0 failed`.
 */
export function countTests(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrorCount: number
): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const testModule of testModules) {
    let failedInModule = 0;
    for (const test of testModule.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failedInModule++;
    }
    if (failedInModule === 0 && testModule.state() === 'failed') failedInModule = 1;
    failed += failedInModule;
  }
  return { passed, failed: failed + unhandledErrorCount };
}
