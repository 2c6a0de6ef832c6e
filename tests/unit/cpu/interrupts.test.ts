// Interrupts and traps, none of which the hardware-captured suite exercises (it has TF = IF = 0 and no INTR):
// INT n, INT3, INTO, IRET, the divide error, single-step, INTR and its hold-offs (STI, MOV SS, POP SS), HLT,
// NMI, the #UD of undefined 0F xx, and REP string instructions interrupted between iterations.
//
// The interrupt sequence (Intel 8086 Family User's Manual, "Interrupts"): push FLAGS; clear IF and TF; push CS;
// push IP; CS:IP ← the doubleword at 0000:(4 * vector). Priorities: divide error / INT n / INTO (part of the
// instruction), then NMI, then INTR (only with IF = 1), then single-step (TF was 1 when the instruction began).
import { describe, expect, it } from 'vitest';
import type { Machine, Registers } from '$lib/emu';
import { FLAGS_BASE, byteAt, interruptFrame, linear, machineWith, wordAt } from './harness';

const CF = 0x001;
const ZF = 0x040;
const TF = 0x100;
const IF = 0x200;
const DF = 0x400;
const OF = 0x800;
/** OF SF ZF AF PF CF: undefined after a divide error (../shared/conformance/README.md, caveats). */
const STATUS_FLAGS = 0x08d5;

// Code at 1000:0100, stack at 2000:0100, data at DS = 3000h and ES = 5000h (harness.ts DEFAULT_REGS).
const CODE_CS = 0x1000;
const SP0 = 0x0100;
/** Every vector v points to its own handler at 0300:(v * 10h), by default a lone IRET. */
const HANDLER_CS = 0x0300;
const handlerIp = (vector: number) => vector * 0x10;
const IRET = 0xcf;

function setup(
  code: number[],
  regs: Partial<Registers> = {},
  handlers: Record<number, number[]> = {}
): Machine {
  const vectorTable: number[] = [];
  const memory: [number, number[]][] = [[0, vectorTable]];
  for (let vector = 0; vector < 256; vector++) {
    const ip = handlerIp(vector);
    vectorTable.push(ip & 0xff, ip >> 8, HANDLER_CS & 0xff, HANDLER_CS >> 8);
    memory.push([linear(HANDLER_CS, ip), handlers[vector] ?? [IRET]]);
  }
  return machineWith({ code, regs, memory });
}

/** A fake interrupt controller: answers INTA with `vector` and drops INTR, as an 8259A's single request does. */
function raiseIntr(m: Machine, vector = 0x08): { acknowledged: number } {
  const log = { acknowledged: 0 };
  m.cpu.interruptController = {
    acknowledge: () => {
      log.acknowledged++;
      m.cpu.intr = false;
      return vector;
    }
  };
  m.cpu.intr = true;
  return log;
}

/** Where CS:IP is, as a linear address (handlers are told apart by it). */
const here = (m: Machine) => {
  const { cs, ip } = m.registers();
  return { cs, ip };
};

describe('software interrupts and the divide error', () => {
  const FLAGS_IN = FLAGS_BASE | IF | DF;
  interface SoftwareCase {
    name: string;
    code: number[];
    regs?: Partial<Registers>;
    memory?: [number, number[]][];
    vector: number;
    cause: 'software' | 'exception';
    /** The return address pushed: always the next instruction on the 8086, divide errors included. */
    pushedIp: number;
  }
  const CASES: SoftwareCase[] = [
    { name: 'INT 21h (CD 21)', code: [0xcd, 0x21], vector: 0x21, cause: 'software', pushedIp: 0x0102 },
    { name: 'INT 0FFh (CD FF)', code: [0xcd, 0xff], vector: 0xff, cause: 'software', pushedIp: 0x0102 },
    {
      name: 'INT 3 in its long form (CD 03)',
      code: [0xcd, 0x03],
      vector: 3,
      cause: 'software',
      pushedIp: 0x0102
    },
    { name: 'INT3 (CC)', code: [0xcc], vector: 3, cause: 'software', pushedIp: 0x0101 },
    {
      name: 'INTO with OF=1 (CE)',
      code: [0xce],
      regs: { flags: FLAGS_IN | OF },
      vector: 4,
      cause: 'software',
      pushedIp: 0x0101
    },
    {
      name: 'DIV BL with BL=0 (F6 F3)',
      code: [0xf6, 0xf3],
      regs: { ax: 0x1234, bx: 0 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    },
    {
      name: 'DIV BL overflow: 1000h / 10h = 100h does not fit in AL',
      code: [0xf6, 0xf3],
      regs: { ax: 0x1000, bx: 0x10 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    },
    {
      name: 'DIV BX overflow: DX:AX = 10000h / 1 does not fit in AX (F7 F3)',
      code: [0xf7, 0xf3],
      regs: { dx: 1, ax: 0, bx: 1 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    },
    {
      name: 'ES: DIV word [BX] by zero (26 F7 37): the pushed IP is past the whole instruction',
      code: [0x26, 0xf7, 0x37],
      regs: { dx: 0, ax: 5, bx: 0x0040 },
      memory: [[linear(0x5000, 0x0040), [0, 0]]],
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0103
    },
    {
      name: 'IDIV BL with BL=0 (F6 FB)',
      code: [0xf6, 0xfb],
      regs: { ax: 0x0005, bx: 0 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    },
    {
      name: 'IDIV BL overflow: −32768 / 1 does not fit in AL',
      code: [0xf6, 0xfb],
      regs: { ax: 0x8000, bx: 0x0001 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    },
    {
      name: 'IDIV BX overflow: DX:AX = 10000h / 1 does not fit in AX (F7 FB)',
      code: [0xf7, 0xfb],
      regs: { dx: 1, ax: 0, bx: 1 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    },
    {
      name: 'AAM 0 (D4 00)',
      code: [0xd4, 0x00],
      regs: { ax: 0x0063 },
      vector: 0,
      cause: 'exception',
      pushedIp: 0x0102
    }
  ];

  it.each(CASES)(
    '$name → vector $vector, pushed IP $pushedIp',
    ({ code, regs, memory, vector, cause, pushedIp }) => {
      const m = setup(code, { flags: FLAGS_IN, ...regs });
      for (const [address, bytes] of memory ?? []) m.memory.load(address, bytes);
      const before = m.registers();
      // A divide error leaves the status flags undefined (the hardware data masks them); everything else is exact.
      const mask = cause === 'exception' ? 0xffff & ~STATUS_FLAGS : 0xffff;

      expect(m.step()).toEqual({ kind: 'interrupt', vector, cause });

      const after = m.registers();
      expect({ cs: after.cs, ip: after.ip, sp: after.sp }).toEqual({
        cs: HANDLER_CS,
        ip: handlerIp(vector),
        sp: SP0 - 6
      });
      expect(after.flags & mask).toBe(before.flags & ~(IF | TF) & mask);
      const frame = interruptFrame(m);
      expect({ ip: frame.ip, cs: frame.cs, flags: frame.flags & mask }).toEqual({
        ip: pushedIp,
        cs: CODE_CS,
        flags: before.flags & mask
      });
    }
  );

  it('INTO with OF=0 does nothing but move on', () => {
    const m = setup([0xce], { flags: FLAGS_IN });
    const before = m.registers();
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toEqual({ ...before, ip: 0x0101 });
  });

  it('INT n with TF=1: the frame holds TF=1, and the handler is entered with TF=0 and IF=0', () => {
    const m = setup([0xcd, 0x21], { flags: FLAGS_IN | TF });
    expect(m.step().kind).toBe('interrupt');
    // The INT 21h frame is the first one pushed, just below the initial SP (whatever trap may follow it).
    expect(wordAt(m, 0x2000, SP0 - 6)).toBe(0x0102);
    expect(wordAt(m, 0x2000, SP0 - 4)).toBe(CODE_CS);
    expect(wordAt(m, 0x2000, SP0 - 2)).toBe(FLAGS_IN | TF);
    expect(m.registers().flags & (TF | IF)).toBe(0);
  });

  it('INT 21h then its handler’s IRET come back to the next instruction with FLAGS restored', () => {
    const m = setup([0xcd, 0x21, 0x90], { flags: FLAGS_IN | CF });
    const before = m.registers();
    expect(m.step().kind).toBe('interrupt');
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toEqual({ ...before, ip: 0x0102 });
  });
});

describe('IRET', () => {
  // IRET pops IP, CS, FLAGS. FLAGS keeps only the bits an 8086 has: bits 1 and 12–15 read as 1, 3 and 5 as 0.
  it.each([
    { image: 0x0ad5, flags: 0xfad7 },
    { image: 0x0028, flags: 0xf002 },
    { image: 0xffff, flags: 0xffd7 },
    { image: 0x0000, flags: 0xf002 },
    { image: 0x0700, flags: 0xf702 }
  ])('pops IP, CS and FLAGS image $image → FLAGS $flags', ({ image, flags }) => {
    const m = setup([IRET], {}, {});
    m.memory.load(linear(0x2000, SP0), [0x34, 0x12, 0x00, 0x40, image & 0xff, image >> 8]);
    const before = m.registers();
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toEqual({ ...before, ip: 0x1234, cs: 0x4000, sp: SP0 + 6, flags });
  });
});

describe('single-step (TF)', () => {
  it('after one instruction INT 1 is taken; the pushed IP is the next instruction and FLAGS has TF', () => {
    const m = setup([0x90, 0x90, 0x90], { flags: FLAGS_BASE | TF });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 1, cause: 'single-step' });
    expect(here(m)).toEqual({ cs: HANDLER_CS, ip: handlerIp(1) });
    expect(interruptFrame(m)).toEqual({ ip: 0x0101, cs: CODE_CS, flags: FLAGS_BASE | TF });
    expect(m.registers().flags & TF).toBe(0);
  });

  it('the handler runs with TF=0 (no trap inside it); IRET restores TF and the next instruction traps', () => {
    const INC_DX = 0x42;
    const m = setup([0x90, 0x90, 0x90], { flags: FLAGS_BASE | TF }, { 1: [INC_DX, IRET] });
    expect(m.step().kind).toBe('interrupt');
    expect(m.step()).toEqual({ kind: 'executed' }); // INC DX in the handler: no nested trap
    expect(m.registers()).toMatchObject({ cs: HANDLER_CS, ip: handlerIp(1) + 1, dx: 1 });
    expect(m.step()).toEqual({ kind: 'executed' }); // IRET: TF was 0 when it began, so no trap after it
    expect(m.registers()).toMatchObject({ cs: CODE_CS, ip: 0x0101, flags: FLAGS_BASE | TF });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 1, cause: 'single-step' });
    expect(interruptFrame(m).ip).toBe(0x0102);
  });

  it.each([
    { name: 'MOV AX, 1234h (B8 34 12)', code: [0xb8, 0x34, 0x12], pushedIp: 0x0103 },
    { name: 'JMP short +10h (EB 10)', code: [0xeb, 0x10], pushedIp: 0x0112 },
    { name: 'CALL near +20h (E8 20 00)', code: [0xe8, 0x20, 0x00], pushedIp: 0x0123 },
    { name: 'JZ not taken (74 10), ZF=0', code: [0x74, 0x10], pushedIp: 0x0102 },
    { name: 'REP MOVSB with CX=0 (F3 A4)', code: [0xf3, 0xa4], pushedIp: 0x0102 }
  ])(
    '$name traps with the pushed IP at the instruction that comes next ($pushedIp)',
    ({ code, pushedIp }) => {
      const m = setup(code, { flags: FLAGS_BASE | TF });
      expect(m.step()).toEqual({ kind: 'interrupt', vector: 1, cause: 'single-step' });
      expect(interruptFrame(m).ip).toBe(pushedIp);
    }
  );

  it('POPF that sets TF: no trap after the POPF, the trap comes after the following instruction', () => {
    const m = setup([0x9d, 0x90, 0x90]);
    m.memory.load(linear(0x2000, SP0), [0x02, 0xf1]); // FLAGS image F102h: TF
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.registers()).toMatchObject({ ip: 0x0101, flags: FLAGS_BASE | TF });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 1, cause: 'single-step' });
    expect(interruptFrame(m).ip).toBe(0x0102);
  });

  it.each([
    { name: 'REP MOVSB (F3 A4)', code: [0xf3, 0xa4], source: 0x3000, end: 0x0102 },
    { name: 'ES: REP MOVSB (26 F3 A4)', code: [0x26, 0xf3, 0xa4], source: 0x5000, end: 0x0103 }
  ])(
    '$name with TF: a trap after each iteration, the pushed IP on the first prefix until the last',
    ({ code, source, end }) => {
      const m = setup(code, { flags: FLAGS_BASE | TF, cx: 3, si: 0x0010, di: 0x0020 });
      m.memory.load(linear(source, 0x0010), [0xa1, 0xa2, 0xa3, 0xa4]);
      const seen: { pushedIp: number; cx: number; di: number }[] = [];
      for (let k = 0; k < 3; k++) {
        expect(m.step()).toEqual({ kind: 'interrupt', vector: 1, cause: 'single-step' });
        seen.push({ pushedIp: interruptFrame(m).ip, cx: m.registers().cx, di: m.registers().di });
        expect(m.step()).toEqual({ kind: 'executed' }); // the handler's IRET
      }
      expect(seen).toEqual([
        { pushedIp: 0x0100, cx: 2, di: 0x0021 },
        { pushedIp: 0x0100, cx: 1, di: 0x0022 },
        { pushedIp: end, cx: 0, di: 0x0023 }
      ]);
      expect([0, 1, 2, 3].map((k) => byteAt(m, 0x5000, 0x0020 + k))).toEqual([0xa1, 0xa2, 0xa3, 0x00]);
    }
  );
});

describe('INTR (maskable hardware interrupt)', () => {
  it('with IF=1 it is taken after the current instruction, through the vector the controller gives', () => {
    const m = setup([0x90, 0x90], { flags: FLAGS_BASE | IF });
    const log = raiseIntr(m, 0x08);
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 8, cause: 'hardware' });
    expect(log.acknowledged).toBe(1);
    expect(here(m)).toEqual({ cs: HANDLER_CS, ip: handlerIp(8) });
    expect(interruptFrame(m)).toEqual({ ip: 0x0101, cs: CODE_CS, flags: FLAGS_BASE | IF });
    expect(m.registers().flags & (IF | TF)).toBe(0);
  });

  it('with IF=0 it is not taken (and not acknowledged)', () => {
    const m = setup([0x90, 0x90]);
    const log = raiseIntr(m);
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(log.acknowledged).toBe(0);
    expect(m.registers().ip).toBe(0x0102);
  });

  it.each([
    { name: 'STI (FB)', code: [0xfb, 0x90, 0x90], regs: {}, firstIp: 0x0101 },
    {
      name: 'MOV SS, AX (8E D0)',
      code: [0x8e, 0xd0, 0x90, 0x90],
      regs: { ax: 0x2000, flags: FLAGS_BASE | IF },
      firstIp: 0x0102
    },
    { name: 'POP SS (17)', code: [0x17, 0x90, 0x90], regs: { flags: FLAGS_BASE | IF }, firstIp: 0x0101 }
  ])('after $name it is held off for one instruction', ({ code, regs, firstIp }) => {
    const m = setup(code, regs);
    m.memory.load(linear(0x2000, SP0), [0x00, 0x20]); // for POP SS: the same SS back
    const log = raiseIntr(m);
    expect(m.step()).toEqual({ kind: 'executed' });
    expect(log.acknowledged).toBe(0);
    expect(m.registers()).toMatchObject({ ip: firstIp, ss: 0x2000 });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 8, cause: 'hardware' });
    expect(interruptFrame(m).ip).toBe(firstIp + 1);
  });

  it('NMI and INTR together: the NMI first; INTR once the NMI handler’s IRET sets IF again', () => {
    const m = setup([0x90, 0x90], { flags: FLAGS_BASE | IF });
    raiseIntr(m);
    m.cpu.nmiPending = true;
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 2, cause: 'nmi' });
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 8, cause: 'hardware' }); // IRET, then INTR
    expect(interruptFrame(m)).toEqual({ ip: 0x0101, cs: CODE_CS, flags: FLAGS_BASE | IF });
  });
});

describe('HLT', () => {
  it('stops run() with "halt"; a pending INTR with IF=1 wakes the CPU into its handler', () => {
    const m = setup([0xf4, 0x90, 0xf4], { flags: FLAGS_BASE | IF });
    expect(m.run(1_000).stop).toBe('halt');
    expect(m.registers().ip).toBe(0x0101);
    expect(m.cpu.halted).toBe(true);
    expect(m.step()).toEqual({ kind: 'halted' });
    expect(m.run(1_000).stop).toBe('halt');
    expect(m.registers().ip).toBe(0x0101);

    raiseIntr(m);
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 8, cause: 'hardware' });
    expect(m.cpu.halted).toBe(false);
    expect(interruptFrame(m).ip).toBe(0x0101); // returns to the instruction after HLT
    expect(m.run(1_000).stop).toBe('halt'); // IRET, NOP, HLT
    expect(m.registers()).toMatchObject({ cs: CODE_CS, ip: 0x0103, sp: SP0 });
  });

  it('with IF=0 a pending INTR does not wake it', () => {
    const m = setup([0xf4, 0x90]);
    raiseIntr(m);
    expect(m.step()).toEqual({ kind: 'halted' });
    expect(m.step()).toEqual({ kind: 'halted' });
    expect(m.registers().ip).toBe(0x0101);
  });

  it('an NMI wakes it even with IF=0', () => {
    const m = setup([0xf4, 0x90]);
    expect(m.step()).toEqual({ kind: 'halted' });
    m.cpu.nmiPending = true;
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 2, cause: 'nmi' });
    expect(interruptFrame(m).ip).toBe(0x0101);
  });
});

describe('NMI', () => {
  it('is taken even with IF=0, through vector 2, after the current instruction', () => {
    const m = setup([0x90, 0x90]);
    m.cpu.nmiPending = true;
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 2, cause: 'nmi' });
    expect(m.cpu.nmiPending).toBe(false);
    expect(here(m)).toEqual({ cs: HANDLER_CS, ip: handlerIp(2) });
    expect(interruptFrame(m)).toEqual({ ip: 0x0101, cs: CODE_CS, flags: FLAGS_BASE });
  });
});

describe('undefined two-byte opcodes raise #UD (INT 6)', () => {
  // Not an 8086 behaviour (0F was POP CS) but the 186+ one chosen by the design: a fault, so the pushed
  // address is that of the faulting instruction itself (its first byte, prefixes included), not the next one.
  it.each([
    { name: '0F FF', code: [0x0f, 0xff], pushedIp: 0x0100 },
    { name: '0F 05 (undefined)', code: [0x0f, 0x05], pushedIp: 0x0100 },
    { name: '0F 0B (UD2, invalid by definition)', code: [0x0f, 0x0b], pushedIp: 0x0100 },
    { name: '0F 20 C8 (MOV EAX, CR1: no CR1)', code: [0x0f, 0x20, 0xc8], pushedIp: 0x0100 },
    { name: '0F 01 C1 (VMCALL outside a VM)', code: [0x0f, 0x01, 0xc1], pushedIp: 0x0100 },
    { name: '0F 01 C0 (0F 01 /0 other than VMCALL)', code: [0x0f, 0x01, 0xc0], pushedIp: 0x0100 },
    { name: '0F 01 F8 (INVLPG with a register operand)', code: [0x0f, 0x01, 0xf8], pushedIp: 0x0100 },
    { name: 'CS: 0F 0B (the prefix belongs to the instruction)', code: [0x2e, 0x0f, 0x0b], pushedIp: 0x0100 }
  ])('$name → vector 6 with the pushed IP $pushedIp', ({ code, pushedIp }) => {
    const m = setup(code);
    expect(m.step()).toEqual({ kind: 'interrupt', vector: 6, cause: 'exception' });
    expect(here(m)).toEqual({ cs: HANDLER_CS, ip: handlerIp(6) });
    expect(interruptFrame(m)).toEqual({ ip: pushedIp, cs: CODE_CS, flags: FLAGS_BASE });
  });
});

describe('REP string instructions and pending interrupts', () => {
  it.each([
    { name: 'REP MOVSB (F3 A4)', code: [0xf3, 0xa4, 0xf4], source: 0x3000, end: 0x0102 },
    { name: 'ES: REP MOVSB (26 F3 A4)', code: [0x26, 0xf3, 0xa4, 0xf4], source: 0x5000, end: 0x0103 },
    { name: 'REP ES: MOVSB (F3 26 A4)', code: [0xf3, 0x26, 0xa4, 0xf4], source: 0x5000, end: 0x0103 }
  ])(
    '$name: INTR stops it between iterations on the first prefix; after IRET it resumes where it stopped',
    ({ code, source, end }) => {
      const m = setup(code, { flags: FLAGS_BASE | IF, cx: 5, si: 0x0010, di: 0x0020 });
      m.memory.load(linear(source, 0x0010), [1, 2, 3, 4, 5, 6]);
      const seen: { pushedIp: number; cx: number }[] = [];
      for (let k = 0; k < 5; k++) {
        raiseIntr(m);
        expect(m.step()).toEqual({ kind: 'interrupt', vector: 8, cause: 'hardware' });
        seen.push({ pushedIp: interruptFrame(m).ip, cx: m.registers().cx });
        expect(m.step()).toEqual({ kind: 'executed' }); // IRET
      }
      expect(seen).toEqual([
        { pushedIp: 0x0100, cx: 4 },
        { pushedIp: 0x0100, cx: 3 },
        { pushedIp: 0x0100, cx: 2 },
        { pushedIp: 0x0100, cx: 1 },
        { pushedIp: end, cx: 0 }
      ]);
      expect(m.run(100).stop).toBe('halt');
      expect(m.registers()).toMatchObject({ ip: end + 1, cx: 0, si: 0x0015, di: 0x0025, sp: SP0 });
      expect([0, 1, 2, 3, 4, 5].map((k) => byteAt(m, 0x5000, 0x0020 + k))).toEqual([1, 2, 3, 4, 5, 0]);
    }
  );

  it.each([
    { name: 'REP MOVSB', code: [0xf3, 0xa4], di: [0x21, 0x22, 0x23] },
    { name: 'REP MOVSW', code: [0xf3, 0xa5], di: [0x22, 0x24, 0x26] },
    { name: 'REP STOSB', code: [0xf3, 0xaa], di: [0x21, 0x22, 0x23] }
  ])('repOneIterationPerStep: $name runs one iteration per step', ({ code, di }) => {
    const m = setup(code, { cx: 3, si: 0x0010, di: 0x0020 });
    m.cpu.repOneIterationPerStep = true;
    const seen: { ip: number; cx: number; di: number }[] = [];
    for (let k = 0; k < 3; k++) {
      expect(m.step()).toEqual({ kind: 'executed' });
      const { ip, cx, di } = m.registers();
      seen.push({ ip, cx, di });
    }
    expect(seen).toEqual([
      { ip: 0x0100, cx: 2, di: di[0] },
      { ip: 0x0100, cx: 1, di: di[1] },
      { ip: 0x0102, cx: 0, di: di[2] }
    ]);
  });

  it('the run budget pauses a REP MOVSB between iterations; the next run finishes it', () => {
    const m = setup([0xf3, 0xa4, 0xf4], { cx: 10, si: 0x0010, di: 0x0020 });
    m.memory.load(linear(0x3000, 0x0010), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(m.run(4)).toMatchObject({ stop: 'budget', iterations: 4 });
    expect(m.registers()).toMatchObject({ ip: 0x0100, cx: 6, si: 0x0014, di: 0x0024 });
    expect(m.run(100).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ip: 0x0103, cx: 0, si: 0x001a, di: 0x002a });
    expect(Array.from({ length: 11 }, (_, k) => byteAt(m, 0x5000, 0x0020 + k))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0
    ]);
  });

  it('a REP with ZF-sensitive CMPSB (F3 A6) interrupted keeps its REPE meaning when resumed', () => {
    // DS:SI = 1 2 3 4 9, ES:DI = 1 2 3 4 5: REPE CMPSB stops after the fifth comparison (the first difference).
    const m = setup([0xf3, 0xa6, 0xf4], { flags: FLAGS_BASE | IF, cx: 8, si: 0x0010, di: 0x0020 });
    m.memory.load(linear(0x3000, 0x0010), [1, 2, 3, 4, 9]);
    m.memory.load(linear(0x5000, 0x0020), [1, 2, 3, 4, 5]);
    raiseIntr(m);
    expect(m.step().kind).toBe('interrupt');
    expect(m.registers()).toMatchObject({ cx: 7 });
    expect(interruptFrame(m).ip).toBe(0x0100);
    expect(m.run(100).stop).toBe('halt');
    expect(m.registers()).toMatchObject({ ip: 0x0103, cx: 3, si: 0x0015, di: 0x0025 });
    expect(m.registers().flags & ZF).toBe(0);
  });
});
