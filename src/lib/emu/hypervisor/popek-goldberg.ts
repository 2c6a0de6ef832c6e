// The Popek–Goldberg checker (virtualization.md §1.1, §2.3): a pure function over a sensitivity table that marks
// every sensitive instruction the profile lets run without the monitor. A NATIVE CLI, STI, POPF or IRET changes
// the real interrupt flag: the guest takes the machine's interrupts away from the monitor (resource control). A
// SILENT row, a NATIVE PUSHF and a NATIVE SMSW show the guest something a real machine would not (equivalence).
// Rows that trap, act on virtual state (VIRTUAL, SHADOW) or use the guest's own tables (NATIVE INT n through
// its IVT, NATIVE_NESTED control registers) keep both properties.

import { sensitivityTable, type ProfileName, type SensitivityTable } from '../cpu/vm/sensitivity';

export type PgProperty = 'equivalence' | 'resource control';

export interface PgViolation {
  row: keyof SensitivityTable;
  action: string;
  property: PgProperty;
  why: string;
}

const CHANGES_REAL_IF: (keyof SensitivityTable)[] = ['cli', 'sti', 'popf', 'iret'];

export function popekGoldbergViolations(table: SensitivityTable): PgViolation[] {
  const violations: PgViolation[] = [];
  for (const row of Object.keys(table) as (keyof SensitivityTable)[]) {
    const action = table[row];
    const name = row.toUpperCase();
    if (action === 'SILENT') {
      violations.push({
        row,
        action,
        property: 'equivalence',
        why:
          row === 'pushf'
            ? 'PUSHF shows the real IF (and no 8086 signature) without trapping: the guest sees the real machine'
            : `${name} silently drops the guest's change to IF: the guest behaves differently than on a real machine`
      });
    } else if (action === 'NATIVE' && CHANGES_REAL_IF.includes(row)) {
      violations.push({
        row,
        action,
        property: 'resource control',
        why: `${name} changes the real interrupt flag: the guest can keep the CPU from the monitor`
      });
    } else if (action === 'NATIVE' && (row === 'pushf' || row === 'smsw')) {
      violations.push({
        row,
        action,
        property: 'equivalence',
        why:
          row === 'smsw'
            ? 'SMSW reads the real machine status word (PE = PG = 1) without trapping: the guest can tell it is virtualized'
            : 'PUSHF shows the real FLAGS without trapping'
      });
    }
  }
  return violations;
}

/** The checker over a profile's preset table (for an IOPL and a paging mode, as the CPU would use it). */
export function checkProfile(profile: ProfileName, iopl = 0, nested = false): PgViolation[] {
  return popekGoldbergViolations(sensitivityTable(profile, iopl, nested));
}
