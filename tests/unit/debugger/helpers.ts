// Shared set-up for the debugger tests: assemble a program with our assembler, load it as a .COM image
// (1000:0100) and wrap the machine in a MachineTarget and a DebugEngine.
import { expect } from 'vitest';
import {
  assemble,
  COM_SEGMENT,
  DebugEngine,
  Machine,
  MachineTarget,
  type AssembleResult,
  type EngineOptions
} from '$lib/emu';

export interface Rig {
  machine: Machine;
  target: MachineTarget;
  engine: DebugEngine;
  program: AssembleResult;
  /** The offset of a label. */
  label(name: string): number;
}

export function rig(source: string, options: EngineOptions = {}): Rig {
  const program = assemble(`bits 16\norg 0x100\n${source}`, { fileName: 'test.asm' });
  expect(program.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const machine = new Machine();
  machine.loadCom(program.image);
  const target = new MachineTarget(machine);
  const engine = new DebugEngine(target, options);
  engine.setSource(program.sourceMap, COM_SEGMENT);
  const label = (name: string): number => {
    const symbol = program.symbols.find((s) => s.name === name);
    if (!symbol) throw new Error(`no label ${name}`);
    return symbol.value;
  };
  return { machine, target, engine, program, label };
}

/** 32-bit seeded generator (mulberry32): the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
