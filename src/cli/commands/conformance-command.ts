// `conformance DIR [--filter OPCODE]`: run the suite, print each failure, end with "N passed, N failed".

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConformanceRunner, formatFailure, listTestFiles, readMetadata, runFile } from '../conformance';
import { parseArgs } from '../args';

export function conformanceCommand(argv: string[]): number {
  const { positional, options } = parseArgs(argv, { filter: 'string' });
  const dir = positional[0];
  if (!dir)
    throw new Error('conformance: give the directory of the test files, e.g. ../shared/conformance/8086');
  if (!existsSync(join(dir, 'metadata.json'))) throw new Error(`conformance: no metadata.json in ${dir}`);
  const metadata = readMetadata(dir);
  const files = listTestFiles(dir, options.filter as string | undefined);
  if (files.length === 0) throw new Error(`conformance: no test files match '${String(options.filter)}'`);
  const runner = new ConformanceRunner();
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const result = runFile(dir, file, metadata, runner);
    passed += result.passed;
    failed += result.failures.length;
    for (const failure of result.failures) console.log(formatFailure(failure));
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
