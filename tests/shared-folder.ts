// Where the tests find ../shared (the conformance data and the benchmark images every developer and CI have
// beside the project). HYPERSTEP_SHARED overrides it for a checkout that lives elsewhere.

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const SHARED_DIR = resolve(REPO_ROOT, process.env.HYPERSTEP_SHARED ?? '../shared');

/** A path inside the shared folder; a clear error when the folder is not there. */
export function sharedPath(relative: string): string {
  if (!existsSync(SHARED_DIR)) {
    throw new Error(
      `the shared folder is missing at ${SHARED_DIR}: clone the project beside it, or set HYPERSTEP_SHARED`
    );
  }
  return resolve(SHARED_DIR, relative);
}
