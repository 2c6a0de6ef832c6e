// Whole-machine snapshots (acceptance: "Snapshot → run N → restore → run N yields an identical state; snapshots
// survive structuredClone"), the refusal of snapshots that do not fit, and restores that bring back code bytes
// the CPU had already decoded (self-modifying code).
import { REPO_ROOT, sharedPath } from '../../shared-folder';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Machine, SNAPSHOT_VERSION, type MachineSnapshot } from '$lib/emu';

/** A benchmark program (../shared/bench/README.md): CALL/RET, PUSH/POP, BP frames, MUL/DIV; runs 81M instructions. */
const FIB = new Uint8Array(readFileSync(sharedPath('bench/bin/fib.com')));
const DEFAULT_PROGRAM = new Uint8Array(readFileSync(resolve(REPO_ROOT, 'static/programs/default.com')));

/**
 * Everything observable: registers and the CPU's state as the public surface shows them, the CPU part of a fresh
 * snapshot (counters, interrupt shadow, stepping mode…), and a hash of all of memory.
 */
function observe(m: Machine) {
  return {
    registers: m.registers(),
    halted: m.cpu.halted,
    intr: m.cpu.intr,
    nmiPending: m.cpu.nmiPending,
    cpu: m.snapshot().cpu,
    memory: createHash('sha256').update(m.memory.bytes).digest('hex')
  };
}

function fibMachine(warmUp: number): Machine {
  const m = new Machine();
  m.loadCom(FIB);
  expect(m.run(warmUp).stop).toBe('budget');
  return m;
}

describe('snapshot → run N → restore → run N', () => {
  const N = 200_000;

  it('fib.com: the same registers, counters and memory after the second run', () => {
    const m = fibMachine(10_000);
    const snapshot = m.snapshot();
    const atSnapshot = observe(m);

    const first = m.run(N);
    const afterFirst = observe(m);
    expect(afterFirst).not.toEqual(atSnapshot); // the run did something

    m.restore(snapshot);
    expect(observe(m)).toEqual(atSnapshot);
    expect(m.run(N)).toEqual(first);
    expect(observe(m)).toEqual(afterFirst);
  });

  it('fib.com: from a structuredClone of the snapshot, and in a fresh machine', () => {
    const m = fibMachine(10_000);
    const cloned = structuredClone(m.snapshot());
    const first = m.run(N);
    const afterFirst = observe(m);

    m.restore(cloned);
    expect(m.run(N)).toEqual(first);
    expect(observe(m)).toEqual(afterFirst);

    const fresh = new Machine();
    fresh.restore(structuredClone(cloned));
    expect(fresh.run(N)).toEqual(first);
    expect(observe(fresh)).toEqual(afterFirst);
  });

  it('a snapshot is a copy: running on does not change it, and restoring gives it back exactly', () => {
    const m = fibMachine(5_000);
    const snapshot = m.snapshot();
    const copy = structuredClone(snapshot);
    m.run(N);
    expect(snapshot).toEqual(copy);
    m.restore(snapshot);
    expect(m.snapshot()).toEqual(copy);
  });

  it('static/programs/default.com: the run to HLT after a restore ends in the same state', () => {
    const m = new Machine();
    m.loadCom(DEFAULT_PROGRAM);
    m.run(3);
    const snapshot = structuredClone(m.snapshot());
    expect(m.run(1_000_000).stop).toBe('halt');
    const atHalt = observe(m);
    m.restore(snapshot);
    expect(m.run(1_000_000).stop).toBe('halt');
    expect(observe(m)).toEqual(atHalt);
  });

  it('mid-way through a REP stepped by iteration, with INTR pending', () => {
    // STI; REP MOVSB (CX = 10); HLT, one iteration per step; INTR is raised right after STI, so the pending
    // request and the stepping mode are part of the snapshotted state.
    const m = new Machine();
    m.loadCom([0xfb, 0xf3, 0xa4, 0xf4]);
    m.setRegisters({ cx: 10, si: 0x0200, di: 0x0300 });
    m.memory.load(0x10200, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    m.cpu.repOneIterationPerStep = true;
    m.memory.load(0x08 * 4, [0x00, 0x05, 0x00, 0x10]); // INT 8 → 1000:0500h, an IRET
    m.memory.write8(0x10500, 0xcf);
    m.cpu.interruptController = {
      acknowledge: () => {
        m.cpu.intr = false;
        return 0x08;
      }
    };
    expect(m.step()).toEqual({ kind: 'executed' }); // STI
    m.cpu.intr = true;
    const snapshot = structuredClone(m.snapshot());
    expect(snapshot.cpu).toMatchObject({ intr: true, repOneIterationPerStep: true });

    const trace = () => Array.from({ length: 8 }, () => ({ step: m.step(), ...m.registers() }));
    const first = trace();
    const afterFirst = observe(m);
    m.restore(snapshot);
    expect(trace()).toEqual(first);
    expect(observe(m)).toEqual(afterFirst);
    // STI holds INTR off for one instruction: the first REP iteration runs, then the interrupt.
    expect(first.slice(0, 2).map((entry) => entry.step)).toEqual([
      { kind: 'interrupt', vector: 8, cause: 'hardware' },
      { kind: 'executed' }
    ]);
  });

  it('a halted machine restores halted', () => {
    const m = new Machine();
    m.loadCom([0xf4]);
    expect(m.run(10).stop).toBe('halt');
    const snapshot = m.snapshot();
    m.cpu.halted = false;
    m.setRegisters({ ip: 0x0100 });
    m.restore(snapshot);
    expect(m.step()).toEqual({ kind: 'halted' });
    expect(m.registers().ip).toBe(0x0101);
  });
});

describe('snapshots that do not fit are refused, and leave the machine as it was', () => {
  const good = (() => {
    const m = new Machine();
    m.loadCom(FIB);
    m.run(1_000);
    return m.snapshot();
  })();
  const mangled = (change: Record<string, unknown>) => ({ ...good, ...change }) as unknown as MachineSnapshot;

  it.each([
    [
      'another version',
      mangled({ version: SNAPSHOT_VERSION + 1 }),
      new RegExp(`cannot restore: snapshot version ${SNAPSHOT_VERSION + 1} is not supported`)
    ],
    [
      'another format',
      mangled({ format: 'some-other-emulator' }),
      /cannot restore: not a Hyperstep machine snapshot/
    ],
    ['not an object', null as unknown as MachineSnapshot, /cannot restore: a snapshot must be an object/],
    ['no CPU state', mangled({ cpu: undefined }), /cannot restore: the snapshot is incomplete/],
    [
      'no memory pages',
      mangled({ memory: { size: good.memory.size } }),
      /cannot restore: the snapshot has no memory pages/
    ]
  ] as [string, MachineSnapshot, RegExp][])('%s', (_name, snapshot, message) => {
    const m = fibMachine(2_000);
    const before = observe(m);
    expect(() => m.restore(snapshot)).toThrow(message);
    expect(observe(m)).toEqual(before);
  });

  it('a snapshot of a machine with another memory size', () => {
    const small = new Machine({ memorySize: 1 << 20 });
    small.loadCom(FIB);
    small.run(1_000);
    const m = fibMachine(2_000);
    const before = observe(m);
    expect(() => m.restore(small.snapshot())).toThrow(
      /cannot restore: .*1048576 bytes of memory, this machine 4194304/
    );
    expect(observe(m)).toEqual(before);
  });
});

describe('restoring code the CPU has already decoded', () => {
  // 0100: B8 11 11   MOV AX, 1111h
  // 0103: F4         HLT
  // 0110: C6 06 01 01 22   MOV byte [0101h], 22h   (patches the low byte of the immediate above)
  // 0115: F4         HLT
  const PROGRAM = [0xb8, 0x11, 0x11, 0xf4, ...Array(12).fill(0x90), 0xc6, 0x06, 0x01, 0x01, 0x22, 0xf4];

  function runFrom(m: Machine, ip: number): number {
    m.cpu.halted = false;
    m.setRegisters({ ip, ax: 0 });
    expect(m.run(100).stop).toBe('halt');
    return m.registers().ax;
  }

  it('changed by the host: the restored bytes run, not the decoded copy of the changed ones', () => {
    const m = new Machine();
    m.loadCom(PROGRAM);
    expect(runFrom(m, 0x0100)).toBe(0x1111); // decoded and cached
    const snapshot = m.snapshot();
    m.memory.write8(0x10101, 0x33);
    expect(runFrom(m, 0x0100)).toBe(0x1133); // the change is seen (and decoded)
    m.restore(snapshot);
    expect(runFrom(m, 0x0100)).toBe(0x1111);
  });

  it('changed by the guest (self-modifying code): after restore the original instruction runs', () => {
    const m = new Machine();
    m.loadCom(PROGRAM);
    expect(runFrom(m, 0x0100)).toBe(0x1111);
    const snapshot = structuredClone(m.snapshot());
    runFrom(m, 0x0110); // the guest patches its own code
    expect(runFrom(m, 0x0100)).toBe(0x1122);
    m.restore(snapshot);
    expect(runFrom(m, 0x0100)).toBe(0x1111);
  });
});
