// The example programs the site offers. Sources are read at build time (src/lib/server/programs.ts) and
// shown in the page; binaries are fetched by the emulator worker from static/programs/.
import type { Asset } from '$app/types';

export interface ProgramInfo {
  /** The source file in static/programs/. */
  name: string;
  title: string;
  /** The binary built from it with `nasm -f bin`, for `asset()` from `$app/paths`. */
  binaryPath: Asset;
}

export const DEFAULT_PROGRAM: ProgramInfo = {
  name: 'default.asm',
  title: 'Add up 1 to 100',
  binaryPath: '/programs/default.com'
};
