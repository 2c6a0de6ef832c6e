// Shared by the CPU unit tests: a machine with code at CS:IP and chosen registers, memory read back by
// segment:offset, and a seeded PRNG (tests never use Math.random: STYLE.md rule 17).
import { Machine, type Registers } from '$lib/emu';

/** Physical address of segment:offset on the 8086: segment * 16 + offset, wrapped at 1 MiB. */
export const linear = (segment: number, offset: number): number => ((segment << 4) + offset) & 0xfffff;

export const hex = (value: number, digits = 4): string =>
  value.toString(16).toUpperCase().padStart(digits, '0') + 'h';

/** Flags as the 8086 reads them with nothing set: bit 1 and bits 12–15 are always 1. */
export const FLAGS_BASE = 0xf002;

export interface MachineSetup {
  /** Instruction bytes, written at CS:IP. */
  code: number[];
  /** Registers (CS and IP say where the code goes; unspecified registers are 0, FLAGS = F002h). */
  regs?: Partial<Registers>;
  /** Extra memory contents: [physical address, bytes]. */
  memory?: [number, number[]][];
  memorySize?: number;
}

/** Code at 1000:0100 unless regs says otherwise; the stack at 2000:0100. */
export const DEFAULT_REGS: Registers = {
  ax: 0,
  bx: 0,
  cx: 0,
  dx: 0,
  si: 0,
  di: 0,
  bp: 0,
  sp: 0x0100,
  cs: 0x1000,
  ds: 0x3000,
  es: 0x5000,
  ss: 0x2000,
  ip: 0x0100,
  flags: FLAGS_BASE
};

export function machineWith(setup: MachineSetup): Machine {
  const m = new Machine(setup.memorySize === undefined ? {} : { memorySize: setup.memorySize });
  const regs = { ...DEFAULT_REGS, ...setup.regs };
  m.setRegisters(regs);
  for (const [address, bytes] of setup.memory ?? []) m.memory.load(address, bytes);
  setup.code.forEach((byte, k) => m.memory.write8(linear(regs.cs, (regs.ip + k) & 0xffff), byte));
  return m;
}

export function byteAt(m: Machine, segment: number, offset: number): number {
  return m.memory.bytes[linear(segment, offset & 0xffff)];
}

/** A word at segment:offset, with the 8086's offset wrap (the high byte of offset FFFFh is at offset 0). */
export function wordAt(m: Machine, segment: number, offset: number): number {
  return byteAt(m, segment, offset) | (byteAt(m, segment, (offset + 1) & 0xffff) << 8);
}

/** The three words an interrupt pushes, read from SS:SP: [IP, CS, FLAGS]. */
export function interruptFrame(m: Machine): { ip: number; cs: number; flags: number } {
  const { ss, sp } = m.registers();
  return { ip: wordAt(m, ss, sp), cs: wordAt(m, ss, sp + 2), flags: wordAt(m, ss, sp + 4) };
}

/** mulberry32: a small, well-mixed 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
