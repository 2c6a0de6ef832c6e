// The hardware-captured SingleStepTests 8086 suite (../shared/conformance/README.md) as vitest tests: one test
// per data file, run by the same runner as `npm run cli -- conformance`, expecting no failure.
import { sharedPath } from '../shared-folder';
import { describe, expect, it } from 'vitest';
import {
  ConformanceRunner,
  flagsMaskFor,
  formatFailure,
  listTestFiles,
  readMetadata,
  readTests,
  runFile,
  type FileResult
} from '../../src/cli/conformance';

const SUITE_DIR = sharedPath('conformance/8086');

/** Stated in the suite's README: 321 files of 60 tests each. */
const EXPECTED_FILES = 321;
const EXPECTED_TESTS = 19_260;

const metadata = readMetadata(SUITE_DIR);
const files = listTestFiles(SUITE_DIR);
const runner = new ConformanceRunner();

/** Each file is run once, whichever test asks first (the total below reuses the per-file results). */
const results = new Map<string, FileResult>();
function resultOf(file: string): FileResult {
  let result = results.get(file);
  if (!result) {
    result = runFile(SUITE_DIR, file, metadata, runner);
    results.set(file, result);
  }
  return result;
}

describe('SingleStepTests 8086 (hardware-captured)', () => {
  it(`has ${EXPECTED_FILES} test files`, () => {
    expect(files).toHaveLength(EXPECTED_FILES);
  });

  it.each(files)('%s', (file) => {
    const result = resultOf(file);
    expect(result.failures.map(formatFailure).join('\n')).toBe('');
    expect(result.passed).toBeGreaterThan(0);
  });

  it(`holds ${EXPECTED_TESTS} tests in all, every one passing`, () => {
    let total = 0;
    let passed = 0;
    for (const file of files) {
      const result = resultOf(file);
      total += result.passed + result.failures.length;
      passed += result.passed;
    }
    expect(total).toBe(EXPECTED_TESTS);
    expect(passed).toBe(EXPECTED_TESTS);
  });
});

// The runner must be able to fail: a recorded test with a wrong expectation, or an instruction byte changed
// under it, has to produce differences.
describe('the conformance runner detects a mismatch', () => {
  const file = '40.json.gz'; // INC AX: changes AX, IP and flags
  const [original] = readTests(SUITE_DIR, file);
  const mask = flagsMaskFor(metadata, file);

  it('passes the recorded test as it is', () => {
    expect(new ConformanceRunner().run(original, mask)).toEqual([]);
  });

  it('reports a wrong final register', () => {
    const test = structuredClone(original);
    test.final.regs.ax = ((original.final.regs.ax ?? original.initial.regs.ax) + 1) & 0xffff;
    expect(new ConformanceRunner().run(test, mask).join('\n')).toMatch(/^ax: expected/);
  });

  it('reports a wrong final memory byte', () => {
    const test = structuredClone(original);
    test.final.ram[0] = [test.final.ram[0][0], test.final.ram[0][1] ^ 0xff];
    expect(new ConformanceRunner().run(test, mask).join('\n')).toMatch(/^ram\[/);
  });
});
