// The five benchmark workloads of ../shared/bench (README.md there): where their images are, what registers
// they must end with at HLT, and their exact instruction counts, all as published in that README.

export interface Workload {
  name: string;
  /** Registers that must hold these values at HLT (a wrong result invalidates the figure). */
  expect: Record<string, number>;
  /** Instructions executed before the final HLT (a REP instruction counts once). */
  instructions: number;
  /** Effective instructions: every REP iteration counts one. MIPS = effective / time. */
  effective: number;
}

export const WORKLOADS: Workload[] = [
  { name: 'sieve', expect: { ax: 0x076b, dx: 0x62c8 }, instructions: 78_702_604, effective: 81_159_604 },
  { name: 'crc32', expect: { dx: 0xa33c, ax: 0x064e }, instructions: 68_908_477, effective: 68_908_477 },
  { name: 'isort', expect: { ax: 0x90cf }, instructions: 80_742_483, effective: 80_742_483 },
  { name: 'strings', expect: { ax: 0xe426 }, instructions: 12_339_775, effective: 73_478_643 },
  { name: 'fib', expect: { ax: 0x1e18, dx: 0x0a77 }, instructions: 81_438_605, effective: 81_438_605 }
];

/** The shared folder, relative to the project root (DEVELOPERS: ../shared from the project's root). */
export const SHARED_BENCH_DIR = '../shared/bench';
