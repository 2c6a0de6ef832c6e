// VM mode's own events (virtualization.md §2.4, exit reasons 0, 1, 2, 7, 48, 52), each case citing its rule:
// page faults under the exception bitmap (80386 manual §15.2.7: in V86 mode every exception goes to the
// monitor), nested paging (§2.7: guest-table faults go straight to the guest, nested faults exit 48), physical
// interrupts (§2.4 row 1: the real IF gates them before VT-x; VT-x's external-interrupt exiting), the interrupt
// window (SDM 25.2 "interrupt-window exiting"), the preemption timer (SDM 25.5.1), and triple faults.

import { describe, expect, it } from 'vitest';
import { VIF, VIP, makeVmControls, pageEntries, type Machine } from '$lib/emu';
import { CODE_SEGMENT, DIRECTORY_FRAME, HANDLER_SEGMENT, guest, stackWord, write32 } from './vm-harness';

const { PTE_PRESENT, PTE_WRITABLE, PTE_USER, makeEntry } = pageEntries;

/** Mark the PTE that maps linear page `page` not present in the hypervisor's identity tables. */
function unmap(m: Machine, page: number): void {
  const tableFrame = DIRECTORY_FRAME + 1 + (page >> 4);
  write32(m, tableFrame * 4096 + (page & 15) * 4, 0);
}

describe('page faults in VM mode', () => {
  it('pre-VT: a fault in the active tables exits as EXCEPTION #PF with the linear address and error code', () => {
    // MOV AL, [3000h] with DS = 1000h: linear 13000h, page 13h not present; a read from CPL 3: error code 4 (U).
    const { m } = guest({ code: [0xa0, 0x00, 0x30], profile: '386-V86' });
    unmap(m, 0x13);
    const result = m.step();
    expect(result).toMatchObject({
      kind: 'exit',
      exit: {
        reason: 0,
        style: '386',
        event: { vector: 14, errorCode: 4 },
        pf: { linear: 0x13000, errorCode: 4 },
        guestIp: 0x100
      }
    });
  });

  it('a write to a page the active tables map read-only: error code P | W | U = 7', () => {
    const { m } = guest({ code: [0xa2, 0x00, 0x30], profile: 'Strict-P&G' });
    write32(m, (DIRECTORY_FRAME + 2) * 4096 + 3 * 4, makeEntry(0x13, PTE_PRESENT | PTE_USER));
    expect(m.step()).toMatchObject({ kind: 'exit', exit: { pf: { linear: 0x13000, errorCode: 7 } } });
  });

  it('HW-assist with the page-table-per-VM tables: #PF is in the default exception bitmap, so it exits', () => {
    const { m } = guest({ code: [0xa0, 0x00, 0x30], profile: 'HW-assist' });
    unmap(m, 0x13);
    expect(m.step()).toMatchObject({
      kind: 'exit',
      exit: { reason: 0, style: 'vtx', event: { vector: 14 } }
    });
  });

  it('nested paging: the guest walks its own tables; a guest-table fault goes straight into the guest (CR2 = page)', () => {
    const { m, controls } = guest({
      code: [0xa0, 0x00, 0x30],
      profile: 'HW-assist',
      options: { paging: { mode: 'nested', nestedRootFrame: DIRECTORY_FRAME } }
    });
    // The guest's own tables at guest frames 50h (directory) and 51h (table for 0-FFFFh): page 13h absent
    // (directory entry 1 not present), everything else of segment 0 and 1000h mapped 1:1.
    const flags = PTE_PRESENT | PTE_WRITABLE;
    write32(m, 0x50 * 4096 + 0 * 4, makeEntry(0x51, flags));
    write32(m, 0x50 * 4096 + 1 * 4, makeEntry(0x52, flags));
    write32(m, 0x50 * 4096 + 2 * 4, makeEntry(0x53, flags));
    for (let t = 0; t < 16; t++) {
      write32(m, 0x51 * 4096 + t * 4, makeEntry(t, flags));
      write32(m, 0x52 * 4096 + t * 4, t === 3 ? 0 : makeEntry(0x10 + t, flags));
      write32(m, 0x53 * 4096 + t * 4, makeEntry(0x20 + t, flags));
    }
    controls.guestCr3 = 0x50;
    m.enterVm({ ...controls, guestCr0: 0x8000 });
    const result = m.step();
    expect(result).toMatchObject({ kind: 'interrupt', vector: 14 });
    expect(m.cpu.vm?.guestCr2).toBe(0x13);
    const r = m.registers();
    expect([r.cs, r.ip]).toEqual([HANDLER_SEGMENT, 14 * 4]);
    // #PF frame: error code (not present, read; U/S clear as on the bare machine: the guest runs its own code
    // at CPL 0) after IP, CS, FLAGS.
    expect([stackWord(m, 0), stackWord(m, 2), stackWord(m, 4)]).toEqual([0, 0x100, CODE_SEGMENT]);
  });

  it('nested paging: a guest-physical page the nested tables do not map exits as NPT_VIOLATION', () => {
    const { m } = guest({
      code: [0xa0, 0x00, 0x30],
      profile: 'HW-assist',
      options: { paging: { mode: 'nested', nestedRootFrame: DIRECTORY_FRAME } }
    });
    unmap(m, 0x13); // the nested tables are the identity tables here
    expect(m.step()).toMatchObject({
      kind: 'exit',
      exit: {
        reason: 48,
        reasonName: 'NPT_VIOLATION',
        npt: { guestPhysical: 0x13000, access: 'read', linear: 0x13000, duringGuestWalk: false }
      }
    });
  });

  it('a fault while delivering an exception into the guest (its stack unmapped) is a TRIPLE_FAULT exit', () => {
    // HW-assist lets #DE reach the guest; the guest stack page (1000:FFFx = linear 1FFFxh, page 1Fh) is gone.
    const { m } = guest({ code: [0xf6, 0xf3], profile: 'HW-assist', registers: { bx: 0 } });
    unmap(m, 0x1f);
    expect(m.step()).toMatchObject({ kind: 'exit', exit: { reason: 2, reasonName: 'TRIPLE_FAULT' } });
  });
});

describe('between guest instructions', () => {
  it('pre-VT: a physical interrupt exits only while the real IF is set (the 386 gates INTR with it)', () => {
    const { m } = guest({ code: [0x90, 0x90], profile: '386-V86' });
    m.cpu.intr = true;
    expect(m.step()).toMatchObject({
      kind: 'exit',
      exit: { reason: 1, reasonName: 'EXTERNAL_INTERRUPT', guestIp: 0x101 }
    });
    // IOPL 3 and the guest cleared the real IF natively: the physical interrupt no longer gets through.
    const masked = guest({ code: [0xfa, 0x90, 0x90], profile: '386-V86', options: { iopl: 3 } }).m;
    masked.step();
    masked.cpu.intr = true;
    expect(masked.step().kind).toBe('executed');
  });

  it('HW-assist: a physical interrupt exits whatever the guest IF (external-interrupt exiting)', () => {
    const { m } = guest({ code: [0xfa, 0x90], profile: 'HW-assist' });
    m.step(); // CLI: the guest's virtual IF
    m.cpu.intr = true;
    expect(m.step()).toMatchObject({ kind: 'exit', exit: { reason: 1, style: 'vtx', guestIp: 0x102 } });
  });

  it('interrupt window: STI with a virtual interrupt pending exits after the instruction STI protects', () => {
    const { m } = guest({ code: [0xfb, 0x90, 0x90], profile: 'HW-assist', flags: 0xf002 });
    m.cpu.flags |= VIP;
    expect(m.step().kind).toBe('executed'); // STI: the shadow holds the window shut for one instruction
    expect(m.cpu.flags & VIF).toBe(VIF);
    expect(m.step()).toMatchObject({
      kind: 'exit',
      exit: { reason: 7, reasonName: 'INTERRUPT_WINDOW', guestIp: 0x102 }
    });
  });

  it('the preemption timer exits after its budget of guest instructions', () => {
    const m = guest({
      code: new Array(10).fill(0x90),
      profile: 'HW-assist',
      options: { preemptionTimer: 3 }
    }).m;
    const result = m.run(100);
    expect(result).toMatchObject({
      stop: 'exit',
      steps: 3,
      exit: { reason: 52, reasonName: 'PREEMPTION_TIMER', guestIp: 0x103 }
    });
  });

  it('an NMI while a guest runs exits (event type NMI)', () => {
    const { m } = guest({ code: [0x90], profile: 'HW-assist' });
    m.cpu.nmiPending = true;
    expect(m.step()).toMatchObject({ kind: 'exit', exit: { reason: 0, event: { vector: 2, type: 'NMI' } } });
  });

  it('single step in a guest: #DB (vector 1) goes through the exception bitmap', () => {
    const exits = guest({ code: [0x90, 0x90], profile: '386-V86', flags: 0xf302 }).m;
    expect(exits.step()).toMatchObject({ kind: 'exit', exit: { event: { vector: 1 }, guestIp: 0x101 } });
    const reflected = guest({
      code: [0x90, 0x90],
      profile: 'HW-assist',
      flags: 0xf302,
      options: { exceptionBitmap: 0 }
    }).m;
    expect(reflected.step()).toMatchObject({ kind: 'interrupt', vector: 1 });
  });
});

describe('entering and leaving VM mode', () => {
  it("VM mode translates every access (CPL 3: U/S enforced) through the VM's tables, with its VPID", () => {
    const controls = makeVmControls('HW-assist', {
      paging: { mode: 'tables', rootFrame: DIRECTORY_FRAME },
      vpid: 5
    });
    const { m } = guest({ code: [0x90], profile: 'HW-assist' });
    m.leaveVm();
    m.enterVm(controls);
    expect(m.bus.paging.enabled).toBe(true);
    expect(m.bus.paging.config).toMatchObject({
      rootFrame: DIRECTORY_FRAME,
      user: true,
      vpid: 5,
      nested: null
    });
    m.step();
    expect(
      m.bus.paging.tlb.view().some((entry) => entry.valid && entry.vpid === 5 && entry.page === 0x10)
    ).toBe(true);
  });

  it('leaving VM mode restores the bare machine: no translation, the A20 setting, FLAGS bits 12-15 set', () => {
    const { m } = guest({ code: [0x90], profile: '386-V86' });
    m.leaveVm();
    expect(m.bus.paging.enabled).toBe(false);
    expect(m.bus.addressMask).toBe(0xfffff);
    expect(m.cpu.flags & 0xf000).toBe(0xf000);
    expect(m.cpu.flags >>> 16).toBe(0);
  });

  it('a snapshot taken inside a guest restores VM mode, its controls and its TLB exactly', () => {
    const { m } = guest({ code: [0x90, 0x90, 0xfa, 0x90], profile: 'HW-assist' });
    m.step();
    const snapshot = structuredClone(m.snapshot());
    m.step();
    m.step();
    const after = { regs: m.registers(), flags: m.cpu.flags, tlb: m.bus.paging.tlb.view() };
    const other = guest({ code: [0x00], profile: '386-V86' }).m;
    other.restore(snapshot);
    other.step();
    other.step();
    expect({ regs: other.registers(), flags: other.cpu.flags, tlb: other.bus.paging.tlb.view() }).toEqual(
      after
    );
    expect(other.cpu.vm?.profile).toBe('HW-assist');
  });
});
