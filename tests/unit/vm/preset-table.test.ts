// Acceptance (issue 4, item 1): for every row of the preset table (virtualization.md §2.3) under every profile,
// execute the instruction in VM mode and assert the exact outcome: the exit record, the virtual effect, the
// native effect, or the silent drop. The expectations are written out cell by cell from §2.3 and §2.4 (and the
// 80386 manual, ch. 15 "Virtual 8086 mode", for the 386 columns), not derived from the code's PRESETS.

import { describe, expect, it } from 'vitest';
import {
  IOPL_SHIFT,
  VIF,
  VM_FLAG,
  flags as F,
  type ExitRecord,
  type Machine,
  type ProfileName,
  type VmControlOptions
} from '$lib/emu';
import { CODE_SEGMENT, HANDLER_SEGMENT, guest, stackWord } from './vm-harness';

type Column =
  '386-V86' | '386-V86 IOPL 3' | 'Classic-deprivileged' | 'Strict-P&G' | 'HW-assist' | 'HW-assist nested';
const COLUMNS: Column[] = [
  '386-V86',
  '386-V86 IOPL 3',
  'Classic-deprivileged',
  'Strict-P&G',
  'HW-assist',
  'HW-assist nested'
];

/** The 386 reports every trapped sensitive instruction as #GP(0), at the instruction, with CS:IP only. */
const GP: Partial<ExitRecord> = {
  reason: 0,
  reasonName: 'EXCEPTION',
  style: '386',
  event: { vector: 13, type: 'HW_EXCEPTION', errorCode: 0 },
  guestCs: CODE_SEGMENT,
  guestIp: 0x100
};

type Outcome = { exit: Partial<ExitRecord> } | { effect: (m: Machine) => void };

interface Row {
  name: string;
  code: number[];
  /** FLAGS the guest starts with (its own view: IF is its virtual IF). */
  flags?: number;
  registers?: Record<string, number>;
  /** Extra controls for every column (e.g. which ports pass through). */
  options?: VmControlOptions;
  setup?: (m: Machine) => void;
  cells: Record<Column, Outcome>;
}

function columnSetup(column: Column): { profile: ProfileName; options: VmControlOptions } {
  switch (column) {
    case '386-V86 IOPL 3':
      return { profile: '386-V86', options: { iopl: 3 } };
    case 'HW-assist nested':
      // Nested paging with the guest's own paging off: guest-physical = linear, mapped 1:1 by the nested tables.
      return { profile: 'HW-assist', options: { paging: { mode: 'nested', nestedRootFrame: 0x200 } } };
    default:
      return { profile: column, options: {} };
  }
}

const IF = F.IF;
const realIf = (m: Machine) => (m.cpu.flags & IF) !== 0;
const vif = (m: Machine) => (m.cpu.flags & VIF) !== 0;
const ip = (m: Machine) => m.registers().ip;

const ROWS: Row[] = [
  {
    name: 'CLI',
    code: [0xfa],
    cells: {
      '386-V86': { exit: GP },
      // IOPL = 3: CLI runs natively and masks the REAL interrupt flag (the misconfiguration of escape E1).
      '386-V86 IOPL 3': { effect: (m) => expect([realIf(m), ip(m)]).toEqual([false, 0x101]) },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      // VT-x: the guest's IF is virtual; the real one stays set.
      'HW-assist': { effect: (m) => expect([vif(m), realIf(m), ip(m)]).toEqual([false, true, 0x101]) },
      'HW-assist nested': { effect: (m) => expect([vif(m), realIf(m), ip(m)]).toEqual([false, true, 0x101]) }
    }
  },
  {
    name: 'STI (guest IF clear)',
    code: [0xfb],
    flags: 0xf002,
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { effect: (m) => expect([realIf(m), ip(m)]).toEqual([true, 0x101]) },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': { effect: (m) => expect([vif(m), realIf(m), ip(m)]).toEqual([true, true, 0x101]) },
      'HW-assist nested': { effect: (m) => expect([vif(m), realIf(m), ip(m)]).toEqual([true, true, 0x101]) }
    }
  },
  {
    name: 'PUSHF (guest IF clear, CF set)',
    code: [0x9c],
    flags: 0xf003,
    cells: {
      '386-V86': { exit: GP },
      // Native: the 386's view of the real flags: with IOPL 3 the guest's IF IS the real IF (clear here), IOPL = 3
      // shows in bits 12-13 and bits 14-15 are clear (not an 8086).
      '386-V86 IOPL 3': { effect: (m) => expect(stackWord(m)).toBe(0x3003) },
      // SILENT: the real flags again, IOPL 0: the guest sees IF = 1 although it cleared it, and bits 12-15 = 0
      // (not an 8086): both break equivalence (Robin & Irvine's PUSHF).
      'Classic-deprivileged': { effect: (m) => expect(stackWord(m)).toBe(0x0203) },
      'Strict-P&G': { exit: GP },
      // VIRTUAL: IF from VIF, bits 12-15 set: exactly what the guest would see on an 8086.
      'HW-assist': { effect: (m) => expect(stackWord(m)).toBe(0xf003) },
      'HW-assist nested': { effect: (m) => expect(stackWord(m)).toBe(0xf003) }
    }
  },
  {
    name: 'POPF of a word with IF set and CF set (guest IF clear)',
    code: [0x9d],
    flags: 0xf002,
    setup: (m) => pushWord(m, 0xf203),
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { effect: (m) => expect([realIf(m), carry(m), iopl(m)]).toEqual([true, true, 3]) },
      // SILENT: CF loads, the IF change is dropped: the guest's virtual IF stays clear, the real one set.
      'Classic-deprivileged': {
        effect: (m) => expect([vif(m), realIf(m), carry(m), iopl(m)]).toEqual([false, true, true, 0])
      },
      'Strict-P&G': { exit: GP },
      'HW-assist': { effect: (m) => expect([vif(m), realIf(m), carry(m)]).toEqual([true, true, true]) },
      'HW-assist nested': { effect: (m) => expect([vif(m), realIf(m), carry(m)]).toEqual([true, true, true]) }
    }
  },
  {
    name: 'POPF trying to clear IF and set IOPL (real IF set)',
    code: [0x9d],
    setup: (m) => pushWord(m, 0x3002),
    cells: {
      '386-V86': { exit: GP },
      // At CPL 3 POPF never changes IOPL (80386 manual §15.2.6); with IOPL 3 it does change the real IF.
      '386-V86 IOPL 3': { effect: (m) => expect([realIf(m), iopl(m)]).toEqual([false, 3]) },
      'Classic-deprivileged': {
        effect: (m) => expect([realIf(m), vif(m), iopl(m)]).toEqual([true, true, 0])
      },
      'Strict-P&G': { exit: GP },
      'HW-assist': { effect: (m) => expect([realIf(m), vif(m), iopl(m)]).toEqual([true, false, 0]) },
      'HW-assist nested': { effect: (m) => expect([realIf(m), vif(m), iopl(m)]).toEqual([true, false, 0]) }
    }
  },
  {
    name: 'IRET to 1000:0200 with IF set in the popped FLAGS (guest IF clear)',
    code: [0xcf],
    flags: 0xf002,
    setup: (m) => {
      pushWord(m, 0xf203);
      pushWord(m, CODE_SEGMENT);
      pushWord(m, 0x0200);
    },
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { effect: (m) => expect([ip(m), realIf(m), carry(m)]).toEqual([0x200, true, true]) },
      'Classic-deprivileged': {
        effect: (m) => expect([ip(m), vif(m), realIf(m), carry(m)]).toEqual([0x200, false, true, true])
      },
      'Strict-P&G': { exit: GP },
      'HW-assist': { effect: (m) => expect([ip(m), vif(m), carry(m)]).toEqual([0x200, true, true]) },
      'HW-assist nested': { effect: (m) => expect([ip(m), vif(m), carry(m)]).toEqual([0x200, true, true]) }
    }
  },
  {
    name: 'INT 21h',
    code: [0xcd, 0x21],
    cells: {
      '386-V86': { exit: GP },
      // IOPL 3: INT n goes through the protected-mode IDT to the monitor: a software-interrupt event.
      '386-V86 IOPL 3': {
        exit: { reason: 0, style: '386', event: { vector: 0x21, type: 'SW_INTERRUPT' }, guestIp: 0x100 }
      },
      // The VMM owns the real IDT: every INT n arrives as a software interrupt.
      'Classic-deprivileged': {
        exit: { reason: 0, style: '386', event: { vector: 0x21, type: 'SW_INTERRUPT' }, guestIp: 0x100 }
      },
      'Strict-P&G': { exit: GP },
      // VT-x: INT n runs natively through the guest's own IVT (vector 21h → 2000:0084).
      'HW-assist': { effect: (m) => expectGuestHandler(m, 0x21, 0x102) },
      'HW-assist nested': { effect: (m) => expectGuestHandler(m, 0x21, 0x102) }
    }
  },
  {
    name: 'SMSW AX',
    code: [0x0f, 0x01, 0xe0],
    setup: (m) => (m.cpu.vm!.guestCr0 = 0x0010),
    cells: {
      // SMSW is not privileged on the 386: it leaks the real CR0, PE = PG = 1 (the one P&G hole of V86 mode).
      '386-V86': { effect: (m) => expect(m.registers().ax).toBe(0x8001) },
      '386-V86 IOPL 3': { effect: (m) => expect(m.registers().ax).toBe(0x8001) },
      'Classic-deprivileged': { effect: (m) => expect(m.registers().ax).toBe(0x8001) },
      'Strict-P&G': { exit: GP },
      // SHADOW: the guest's own CR0, as VT-x's CR0 read shadow gives it.
      'HW-assist': { effect: (m) => expect(m.registers().ax).toBe(0x0010) },
      'HW-assist nested': { effect: (m) => expect(m.registers().ax).toBe(0x0010) }
    }
  },
  {
    name: 'MOV CR3, EAX',
    code: [0x0f, 0x22, 0xd8],
    registers: { ax: 0x0123 },
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { exit: GP },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': {
        exit: {
          reason: 28,
          reasonName: 'CR_ACCESS',
          style: 'vtx',
          cr: { n: 3, direction: 'to', register: 0 },
          instructionLength: 3,
          guestIp: 0x100
        }
      },
      // NATIVE_NESTED: the guest loads its own CR3; no exit.
      'HW-assist nested': { effect: (m) => expect([m.cpu.vm!.guestCr3, ip(m)]).toEqual([0x0123, 0x103]) }
    }
  },
  {
    name: 'MOV EAX, CR0',
    code: [0x0f, 0x20, 0xc0],
    setup: (m) => (m.cpu.vm!.guestCr0 = 0x0001),
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { exit: GP },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': {
        exit: { reason: 28, style: 'vtx', cr: { n: 0, direction: 'from', register: 0 }, instructionLength: 3 }
      },
      'HW-assist nested': { effect: (m) => expect(m.registers().ax).toBe(0x0001) }
    }
  },
  {
    name: 'INVLPG [BX] (BX = 2345h, DS = 1000h)',
    code: [0x0f, 0x01, 0x3f],
    registers: { bx: 0x2345 },
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { exit: GP },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': {
        exit: {
          reason: 14,
          reasonName: 'INVLPG',
          style: 'vtx',
          invlpg: { linear: 0x12345 },
          instructionLength: 3
        }
      },
      'HW-assist nested': { effect: (m) => expect(ip(m)).toBe(0x103) }
    }
  },
  {
    name: 'IN AL, 60h on a port whose bitmap bit is set',
    code: [0xe4, 0x60],
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { exit: GP },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': {
        exit: {
          reason: 30,
          reasonName: 'IO_INSTRUCTION',
          style: 'vtx',
          io: { port: 0x60, size: 1, direction: 'in', immediate: true },
          instructionLength: 2
        }
      },
      'HW-assist nested': {
        exit: { reason: 30, io: { port: 0x60, size: 1, direction: 'in', immediate: true } }
      }
    }
  },
  {
    name: 'OUT DX, AX to 3F8h (DX) whose bitmap bit is set',
    code: [0xef],
    registers: { dx: 0x3f8, ax: 0xbeef },
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { exit: GP },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': {
        exit: {
          reason: 30,
          io: { port: 0x3f8, size: 2, direction: 'out', immediate: false, value: 0xbeef },
          instructionLength: 1
        }
      },
      'HW-assist nested': {
        exit: { reason: 30, io: { port: 0x3f8, size: 2, direction: 'out', immediate: false, value: 0xbeef } }
      }
    }
  },
  {
    name: 'IN AL, DX on a passthrough port (bitmap bit clear: the physical port answers, unclaimed = FFh)',
    code: [0xec],
    registers: { dx: 0x2f8, ax: 0 },
    options: { passthroughPorts: [0x2f8] },
    cells: Object.fromEntries(
      COLUMNS.map((column) => [
        column,
        { effect: (m: Machine) => expect([m.registers().ax, ip(m)]).toEqual([0x00ff, 0x101]) }
      ])
    ) as Record<Column, Outcome>
  },
  {
    name: 'HLT',
    code: [0xf4],
    cells: {
      '386-V86': { exit: GP },
      '386-V86 IOPL 3': { exit: GP },
      'Classic-deprivileged': { exit: GP },
      'Strict-P&G': { exit: GP },
      'HW-assist': {
        exit: { reason: 12, reasonName: 'HLT', style: 'vtx', instructionLength: 1, guestIp: 0x100 }
      },
      'HW-assist nested': { exit: { reason: 12, instructionLength: 1 } }
    }
  },
  {
    name: 'VMCALL (0F 01 C1)',
    code: [0x0f, 0x01, 0xc1],
    registers: { ax: 1, bx: 2, cx: 3, dx: 4, si: 5, di: 6 },
    cells: {
      // Before VT-x the instruction did not exist: #UD, and the hypervisor recognises the bytes.
      '386-V86': {
        exit: { reason: 0, style: '386', event: { vector: 6, type: 'HW_EXCEPTION' }, guestIp: 0x100 }
      },
      '386-V86 IOPL 3': { exit: { reason: 0, event: { vector: 6, type: 'HW_EXCEPTION' } } },
      'Classic-deprivileged': { exit: { reason: 0, event: { vector: 6, type: 'HW_EXCEPTION' } } },
      'Strict-P&G': { exit: { reason: 0, event: { vector: 6, type: 'HW_EXCEPTION' } } },
      'HW-assist': {
        exit: {
          reason: 18,
          reasonName: 'VMCALL',
          style: 'vtx',
          vmcall: { ax: 1, bx: 2, cx: 3, dx: 4, si: 5, di: 6 },
          instructionLength: 3
        }
      },
      'HW-assist nested': { exit: { reason: 18, vmcall: { ax: 1, bx: 2, cx: 3, dx: 4, si: 5, di: 6 } } }
    }
  },
  {
    name: 'DIV BL with BL = 0 (exception bitmap)',
    code: [0xf6, 0xf3],
    registers: { bx: 0, ax: 0x1234 },
    cells: {
      // Pre-VT: every exception goes to the monitor.
      '386-V86': {
        exit: { reason: 0, style: '386', event: { vector: 0, type: 'HW_EXCEPTION' }, guestIp: 0x100 }
      },
      '386-V86 IOPL 3': { exit: { reason: 0, event: { vector: 0, type: 'HW_EXCEPTION' } } },
      'Classic-deprivileged': { exit: { reason: 0, event: { vector: 0, type: 'HW_EXCEPTION' } } },
      'Strict-P&G': { exit: { reason: 0, event: { vector: 0, type: 'HW_EXCEPTION' } } },
      // HW-assist: only #PF exits (shadow modes) or nothing (nested): the guest's own handler takes #DE, with the
      // address of the next instruction pushed as on the 8086.
      'HW-assist': { effect: (m) => expectGuestHandler(m, 0, 0x102) },
      'HW-assist nested': { effect: (m) => expectGuestHandler(m, 0, 0x102) }
    }
  }
];

function pushWord(m: Machine, value: number): void {
  const r = m.registers();
  const sp = (r.sp - 2) & 0xffff;
  m.memory.write8(r.ss * 16 + sp, value & 0xff);
  m.memory.write8(r.ss * 16 + sp + 1, value >> 8);
  m.setRegisters({ sp });
}
const carry = (m: Machine) => (m.cpu.flags & F.CF) !== 0;
const iopl = (m: Machine) => (m.cpu.flags >> IOPL_SHIFT) & 3;

/** The guest entered its handler for `vector` (IVT → 2000:vector*4) with the return address `returnIp` pushed. */
function expectGuestHandler(m: Machine, vector: number, returnIp: number): void {
  const r = m.registers();
  expect([r.cs, r.ip]).toEqual([HANDLER_SEGMENT, vector * 4]);
  expect([stackWord(m, 0), stackWord(m, 2)]).toEqual([returnIp, CODE_SEGMENT]);
  // The pushed FLAGS are the guest's own (8086 signature, bits 12-15 set); the guest's IF is then clear.
  expect(stackWord(m, 4) & 0xf000).toBe(0xf000);
  expect(vif(m)).toBe(false);
}

const CASES = ROWS.flatMap((row) => COLUMNS.map((column) => ({ row, column, outcome: row.cells[column] })));

describe('VM mode: every row of the preset table under every profile', () => {
  it.each(CASES.map((c) => [`${c.row.name} — ${c.column}`, c] as const))(
    '%s',
    (_, { row, column, outcome }) => {
      const { profile, options } = columnSetup(column);
      const { m } = guest({
        code: row.code,
        profile,
        flags: row.flags,
        registers: row.registers,
        options: { ...options, ...row.options }
      });
      row.setup?.(m);
      const result = m.step();
      expect(m.cpu.flags & VM_FLAG).toBe(VM_FLAG);
      if ('exit' in outcome) {
        expect(result.kind).toBe('exit');
        expect(result.kind === 'exit' ? result.exit : null).toMatchObject(outcome.exit);
        // An exit abandons the instruction: CS:IP still point at it.
        expect([m.registers().cs, m.registers().ip]).toEqual([CODE_SEGMENT, 0x100]);
      } else {
        expect(result.kind).not.toBe('exit');
        outcome.effect(m);
      }
    }
  );

  it('covers every row under all six columns', () => {
    expect(CASES).toHaveLength(ROWS.length * COLUMNS.length);
    expect(new Set(ROWS.map((r) => r.name)).size).toBe(ROWS.length);
  });
});
