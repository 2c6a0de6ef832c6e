// Registers of a Cpu as a plain object and back: the shape snapshots, the CLI and the UI use.

import type { Cpu } from './cpu/cpu';
import { AX, BP, BX, CS, CX, DI, DS, DX, ES, SI, SP, SS, type Registers } from './cpu/registers';
import { normalizeFlags } from './cpu/flags';

export function getRegisters(cpu: Cpu): Registers {
  const w = cpu.words;
  const s = cpu.segs;
  return {
    ax: w[AX],
    bx: w[BX],
    cx: w[CX],
    dx: w[DX],
    si: w[SI],
    di: w[DI],
    bp: w[BP],
    sp: w[SP],
    cs: s[CS],
    ds: s[DS],
    es: s[ES],
    ss: s[SS],
    ip: cpu.ip,
    flags: cpu.flags
  };
}

const WORD_INDEX: Partial<Record<keyof Registers, number>> = {
  ax: AX,
  bx: BX,
  cx: CX,
  dx: DX,
  si: SI,
  di: DI,
  bp: BP,
  sp: SP
};
const SEGMENT_INDEX: Partial<Record<keyof Registers, number>> = { cs: CS, ds: DS, es: ES, ss: SS };

export function setRegisters(cpu: Cpu, values: Partial<Registers>): void {
  for (const [key, value] of Object.entries(values) as [keyof Registers, number][]) {
    if (value === undefined) continue;
    const word = value & 0xffff;
    const w = WORD_INDEX[key];
    const s = SEGMENT_INDEX[key];
    if (w !== undefined) cpu.words[w] = word;
    else if (s !== undefined) cpu.segs[s] = word;
    else if (key === 'ip') cpu.ip = word;
    else if (key === 'flags') cpu.flags = normalizeFlags(word);
    else throw new Error(`unknown register '${String(key)}'`);
  }
}
