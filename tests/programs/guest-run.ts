// Helpers for the guest-program tests: load a .com into a VM under the .COM contract, read the tagged outcome
// lines of a header (`; expect-vm0: AX=0001h`, `; console-vm: "…"`), and put registers in the form the header
// states them, so a mismatch shows as one readable diff.
import { readFileSync } from 'node:fs';
import type { Hypervisor, Registers, Vm } from '$lib/emu';
import { FLAG_BITS, hex16, parseExpectedOutcome, type ExpectedOutcome } from './program-header';
import { parseExpectedMemory, type ExpectedWord } from './memory-header';

export const PROGRAM_DIR = 'static/programs';

/** The .COM contract (Machine.loadCom): image at 1000:0100, CS = DS = ES = SS = 1000h, SP = FFFEh, IF = 0. */
export function startCom(hv: Hypervisor, vm: Vm, image: ArrayLike<number>): void {
  hv.writeGuestPhysical(vm, 0x10100, image);
  hv.start(vm, { cs: 0x1000, ds: 0x1000, es: 0x1000, ss: 0x1000, ip: 0x100, sp: 0xfffe, flags: 0xf002 });
}

export function readProgram(name: string): { source: string; image: Uint8Array } {
  return {
    source: readFileSync(`${PROGRAM_DIR}/${name}.asm`, 'utf8'),
    image: new Uint8Array(readFileSync(`${PROGRAM_DIR}/${name}.com`))
  };
}

/** The outcome on `; expect-TAG:` lines (no tag: the plain `; expect:` lines). Throws if there is none. */
export function taggedOutcome(source: string, tag?: string): ExpectedOutcome {
  const marker = tag === undefined ? 'expect:' : `expect-${tag}:`;
  const lines = source
    .split(/\r?\n/)
    .filter((line) => new RegExp(`^\\s*;+\\s*${marker}`, 'i').test(line))
    .map((line) => line.replace(marker, 'expect:'));
  const outcome = parseExpectedOutcome(lines.join('\n'));
  if (Object.keys(outcome.registers).length === 0) throw new Error(`no '${marker}' line in the header`);
  return outcome;
}

/** The words on `; expect-memory:` lines (or `; expect-memory-TAG:`). */
export function taggedMemory(source: string, tag?: string): ExpectedWord[] {
  const marker = tag === undefined ? 'expect-memory:' : `expect-memory-${tag}:`;
  const lines = source.split(/\r?\n/).filter((line) => line.includes(marker));
  return parseExpectedMemory(lines.map((line) => line.replace(marker, 'expect-memory:')).join('\n'));
}

/** A quoted string on a `; NAME: "…"` header line, with \n for a newline. */
export function headerText(source: string, name: string): string {
  const match = new RegExp(`^\\s*;+\\s*${name}:\\s*"(.*)"\\s*$`, 'm').exec(source);
  if (!match) throw new Error(`no '${name}:' line in the header`);
  return match[1].replace(/\\n/g, '\n');
}

/** The registers and flags an outcome names, as `AX: 0x0001`, `IF: 0`. */
export function stated(outcome: ExpectedOutcome): Record<string, string | number> {
  const view: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(outcome.registers)) view[name.toUpperCase()] = hex16(value);
  for (const [name, value] of Object.entries(outcome.flags)) view[name] = value;
  return view;
}

/** The same view of actual registers, for the names the outcome states. */
export function actual(registers: Registers, outcome: ExpectedOutcome): Record<string, string | number> {
  const view: Record<string, string | number> = {};
  for (const name of Object.keys(outcome.registers))
    view[name.toUpperCase()] = hex16(registers[name as keyof Registers]);
  for (const name of Object.keys(outcome.flags))
    view[name] = (registers.flags >> FLAG_BITS[name as keyof typeof FLAG_BITS]) & 1;
  return view;
}

/** A word at segment:offset as the guest sees it (through its own page tables when its paging is on). */
export function guestWord(vm: Vm, word: ExpectedWord): string {
  const at = word.segment * 16 + word.offset;
  return hex16(vm.memory.peek8(at) | (vm.memory.peek8(at + 1) << 8));
}
