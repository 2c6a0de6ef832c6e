// Number and flag formatting shared by the CLI commands.

import { flags } from '$lib/emu';

export function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

const SHOWN: [string, number][] = [
  ['OF', flags.OF],
  ['DF', flags.DF],
  ['IF', flags.IF],
  ['TF', flags.TF],
  ['SF', flags.SF],
  ['ZF', flags.ZF],
  ['AF', flags.AF],
  ['PF', flags.PF],
  ['CF', flags.CF]
];

/** "OF=0 DF=0 IF=1 TF=0 SF=0 ZF=1 AF=0 PF=1 CF=0" */
export function formatFlags(value: number): string {
  return SHOWN.map(([name, bit]) => `${name}=${value & bit ? 1 : 0}`).join(' ');
}
