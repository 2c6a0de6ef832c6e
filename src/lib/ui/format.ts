// Small formatting helpers for register and flag views.

/** `0x13BA`: a 16-bit value as four upper-case hex digits. */
export function hex16(value: number): string {
  return '0x' + (value & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** The 8086 status and control flags, most significant first, as shown in debuggers (O D I T S Z A P C). */
export const FLAG_DISPLAY = [
  { name: 'OF', bit: 11, title: 'Overflow' },
  { name: 'DF', bit: 10, title: 'Direction' },
  { name: 'IF', bit: 9, title: 'Interrupt enable' },
  { name: 'TF', bit: 8, title: 'Trap (single step)' },
  { name: 'SF', bit: 7, title: 'Sign' },
  { name: 'ZF', bit: 6, title: 'Zero' },
  { name: 'AF', bit: 4, title: 'Auxiliary carry' },
  { name: 'PF', bit: 2, title: 'Parity' },
  { name: 'CF', bit: 0, title: 'Carry' }
] as const;

export function flagIsSet(flags: number, bit: number): boolean {
  return ((flags >> bit) & 1) === 1;
}
