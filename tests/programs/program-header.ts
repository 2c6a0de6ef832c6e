// Reads the expected outcome that each static/programs/*.asm states in its header (`; expect: AX=13BAh ZF=1`).
// Shared by the program tests and the e2e test, so the header is the single source of truth.

import { REGISTER_KEYS, type Registers } from '$lib/emu';

export const REGISTER_NAMES = REGISTER_KEYS;
export type RegisterName = keyof Registers;

/** Bit positions in the 8086 FLAGS register (Intel 8086 Family User's Manual, section 2.2). */
export const FLAG_BITS = {
  CF: 0,
  PF: 2,
  AF: 4,
  ZF: 6,
  SF: 7,
  TF: 8,
  IF: 9,
  DF: 10,
  OF: 11
} as const;
export type FlagName = keyof typeof FLAG_BITS;

export interface ExpectedOutcome {
  registers: Partial<Record<RegisterName, number>>;
  flags: Partial<Record<FlagName, 0 | 1>>;
}

const EXPECT_LINE = /^\s*;+\s*expect:(.*)$/i;
const REGISTER_VALUE = /^([A-Za-z]+)=([0-9A-Fa-f]{1,4})h$/;
const FLAG_VALUE = /^([A-Za-z]{2})=([01])$/;

/** Parses every `; expect:` line; throws on a token it does not understand, so a typo cannot pass silently. */
export function parseExpectedOutcome(source: string): ExpectedOutcome {
  const outcome: ExpectedOutcome = { registers: {}, flags: {} };
  for (const line of source.split(/\r?\n/)) {
    const match = EXPECT_LINE.exec(line);
    if (!match) continue;
    for (const token of match[1].trim().split(/\s+/).filter(Boolean)) {
      const flag = FLAG_VALUE.exec(token);
      if (flag && flag[1].toUpperCase() in FLAG_BITS) {
        outcome.flags[flag[1].toUpperCase() as FlagName] = flag[2] === '1' ? 1 : 0;
        continue;
      }
      const register = REGISTER_VALUE.exec(token);
      const name = register?.[1].toLowerCase();
      if (register && (REGISTER_NAMES as readonly string[]).includes(name!)) {
        outcome.registers[name as RegisterName] = parseInt(register[2], 16);
        continue;
      }
      throw new Error(`cannot read expectation '${token}' in line: ${line.trim()}`);
    }
  }
  return outcome;
}

/** `0x13BA`: the form the register panel shows. */
export function hex16(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(4, '0');
}
