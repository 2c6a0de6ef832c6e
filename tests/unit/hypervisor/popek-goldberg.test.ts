// The Popek–Goldberg checker against virtualization.md §2.3: "Strict-P&G and HW-assist are green; 386-V86 is red
// only on SMSW (historically accurate); Classic-deprivileged is red on PUSHF, POPF, IRET and SMSW", and the IOPL 3
// misconfiguration of escape E1 loses resource control.
import { describe, expect, it } from 'vitest';
import { checkProfile } from '$lib/emu/hypervisor/popek-goldberg';
import type { ProfileName } from '$lib/emu';

describe('Popek–Goldberg checker', () => {
  it.each<[ProfileName, number, boolean, string[]]>([
    ['Strict-P&G', 0, false, []],
    ['Strict-P&G', 0, true, []],
    ['HW-assist', 0, false, []],
    ['HW-assist', 0, true, []],
    ['386-V86', 0, false, ['smsw']],
    ['Classic-deprivileged', 0, false, ['pushf', 'popf', 'iret', 'smsw']],
    ['386-V86', 3, false, ['cli', 'sti', 'pushf', 'popf', 'iret', 'smsw']]
  ])('%s (IOPL %i, nested %s): red rows %j', (profile, iopl, nested, red) => {
    expect(checkProfile(profile, iopl, nested).map((v) => v.row)).toEqual(red);
  });

  it('names the property each red row breaks', () => {
    const properties = Object.fromEntries(checkProfile('386-V86', 3).map((v) => [v.row, v.property]));
    expect(properties).toEqual({
      cli: 'resource control',
      sti: 'resource control',
      pushf: 'equivalence',
      popf: 'resource control',
      iret: 'resource control',
      smsw: 'equivalence'
    });
    for (const v of checkProfile('Classic-deprivileged')) expect(v.why.length).toBeGreaterThan(20);
  });
});
