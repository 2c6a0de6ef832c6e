// The dispatcher (virtualization.md §2.4, §2.5): exit reason → interpreter routine. On the pre-VT profiles the CPU
// reports only #GP(0), #UD or #PF with CS:IP, so the first step fetches and decodes the faulting instruction and
// classifies it (IN/OUT → IO_INSTRUCTION, HLT → HLT, MOV CRn/SMSW → CR_ACCESS, INVLPG → INVLPG, VMCALL → VMCALL;
// CLI/STI/PUSHF/POPF/IRET/INT n stay EXCEPTION); on HW-assist the reason, qualification and length come with it.

import { decode } from '../cpu/decoder';
import type { Instruction } from '../cpu/instruction';
import { DX, ZERO } from '../cpu/registers';
import * as reasons from '../cpu/vm/exits';
import { GuestPageFault } from './guest-memory';
import { reflect } from './reflect';
import { step, type ExitContext, type Handler } from './steps';
import { emulateSensitive, isEmulatedSensitive } from './handlers/sensitive';
import { emulateIo } from './handlers/io';
import { emulateControlRegister, emulateInvlpg, emulateSmsw } from './handlers/control';
import { hypercall } from './handlers/hypercalls';
import { handleNestedViolation, handlePageFault } from './handlers/memory-faults';

const HLT = 0xf4;
const VECTOR_INVALID_OPCODE = 6;
const VECTOR_PAGE_FAULT = 14;

/** The first step of every exit: the world switch into the hypervisor and back, at the cost of §2.15. */
const EXIT_STEP = (ctx: ExitContext) =>
  step(
    'exit',
    'VM exit: save the guest state, read the exit record; VM entry on return',
    ctx.costs.exitAndEntry
  );

export function* dispatch(ctx: ExitContext): Handler {
  const exit = ctx.exit;
  ctx.classified = exit.reason;
  ctx.summary = exit.reasonName;
  // (The exit log has the reason and CS:IP; this line stays a constant: the most frequent exits format nothing.)
  yield EXIT_STEP(ctx);
  switch (exit.reason) {
    case reasons.EXIT_EXCEPTION:
      yield* exception(ctx);
      return;
    case reasons.EXIT_EXTERNAL_INTERRUPT:
      ctx.summary = 'physical timer: the quantum is over';
      ctx.endSlice = true;
      ctx.cpu.intr = false;
      return;
    case reasons.EXIT_TRIPLE_FAULT:
      ctx.stopVm('triple fault');
      return;
    case reasons.EXIT_INTERRUPT_WINDOW:
      ctx.summary = 'interrupt window open: inject the pending interrupt';
      return; // the entry path injects it (Hypervisor.injectPending)
    case reasons.EXIT_HLT:
      yield* halt(ctx, exit.instructionLength ?? 1);
      return;
    case reasons.EXIT_INVLPG:
      yield* emulateInvlpg(ctx, exit.invlpg?.linear ?? 0, exit.instructionLength ?? 3);
      return;
    case reasons.EXIT_VMCALL:
      yield* hypercall(ctx, exit.instructionLength ?? 3);
      return;
    case reasons.EXIT_CR_ACCESS: {
      const cr = exit.cr;
      if (!cr || cr.register === null) {
        // SMSW (VT-x reports it as a CR0 read with a memory or register destination): decode for the operand.
        const i = yield* decodeAt(ctx);
        yield* emulateSmsw(ctx, (value) => writeOperand(ctx, i, value), i.length);
        return;
      }
      yield* emulateControlRegister(ctx, {
        ...cr,
        register: cr.register,
        length: exit.instructionLength ?? 3
      });
      return;
    }
    case reasons.EXIT_IO_INSTRUCTION: {
      const io = exit.io;
      if (!io) return;
      yield* emulateIo(ctx, { ...io, length: exit.instructionLength ?? (io.immediate ? 2 : 1) });
      return;
    }
    case reasons.EXIT_NPT_VIOLATION:
      yield* handleNestedViolation(ctx);
      return;
    case reasons.EXIT_PREEMPTION_TIMER:
      ctx.summary = 'preemption timer: the quantum is over';
      ctx.endSlice = true;
      return;
    default:
      ctx.stopVm(`unhandled exit ${exit.reason}`);
  }
}

function* exception(ctx: ExitContext): Handler {
  const event = ctx.exit.event;
  if (!event) return;
  if (event.vector === VECTOR_PAGE_FAULT && ctx.exit.pf) {
    yield* handlePageFault(ctx);
    return;
  }
  if (event.type === 'SW_INTERRUPT' && ctx.exit.instructionLength !== undefined) {
    // INT n under SW_INT_EXIT (the deprivileged kernel's VMM owns the real IDT): reflect into the guest's IVT.
    ctx.summary = `INT ${event.vector.toString(16)}h`;
    ctx.vm.counters.emulatedInstructions++;
    yield* reflect(ctx, event.vector, (ctx.exit.guestIp + ctx.exit.instructionLength) & 0xffff);
    return;
  }
  if (event.vector === 13 || (event.vector === VECTOR_INVALID_OPCODE && ctx.exit.style === '386')) {
    const i = yield* decodeAt(ctx);
    yield* classifyAndEmulate(ctx, i, event.vector);
    return;
  }
  // Any other exception belongs to the guest: reflect it into its vector table (at the IP the CPU reported).
  // On the bare machine the instruction that raised it was a step: it is one of model time here too.
  ctx.summary = `exception ${event.vector}: reflect to the guest`;
  ctx.vm.counters.emulatedInstructions++;
  yield* reflect(ctx, event.vector, ctx.exit.guestIp, event.errorCode ?? -1);
}

/** The first step of a 386-style exit: fetch the bytes at CS:IP through the guest's mapping and decode them. */
function* decodeAt(ctx: ExitContext): Generator<ReturnType<typeof step>, Instruction, void> {
  const { exit, vm } = ctx;
  yield step(
    'decode',
    `fetch and decode the instruction at ${hex4(exit.guestCs)}:${hex4(exit.guestIp)}`,
    ctx.costs.decode
  );
  return decode({ byteAt: (n) => vm.memory.peek8(exit.guestCs * 16 + ((exit.guestIp + n) & 0xffff)) });
}

function* classifyAndEmulate(ctx: ExitContext, i: Instruction, vector: number): Handler {
  const { cpu } = ctx;
  const op = i.opcode;
  if (i.twoByte && op === 0x01 && i.mod === 3 && i.reg === 0 && i.rm === 1) {
    yield* hypercall(ctx, i.length); // 0F 01 C1 VMCALL
    return;
  }
  if (vector === VECTOR_INVALID_OPCODE) {
    ctx.summary = '#UD: reflect to the guest';
    ctx.vm.counters.emulatedInstructions++; // a step on the bare machine (see exception())
    yield* reflect(ctx, VECTOR_INVALID_OPCODE, ctx.exit.guestIp);
    return;
  }
  if (!i.twoByte && isEmulatedSensitive(i)) {
    yield* emulateSensitive(ctx, i);
    return;
  }
  if (!i.twoByte && (op & 0xf4) === 0xe4) {
    // E4–E7: IN/OUT with an immediate port; EC–EF: with DX. Bit 0 = word, bit 1 = OUT.
    const immediate = (op & 0x08) === 0;
    yield* emulateIo(ctx, {
      port: immediate ? i.imm & 0xff : cpu.words[DX],
      size: op & 1 ? 2 : 1,
      direction: op & 2 ? 'out' : 'in',
      length: i.length
    });
    return;
  }
  if (!i.twoByte && op === HLT) {
    yield* halt(ctx, i.length);
    return;
  }
  if (i.twoByte && (op === 0x20 || op === 0x22)) {
    yield* emulateControlRegister(ctx, {
      n: i.reg,
      direction: op === 0x22 ? 'to' : 'from',
      register: i.rm,
      length: i.length
    });
    return;
  }
  if (i.twoByte && op === 0x01 && i.reg === 4) {
    yield* emulateSmsw(ctx, (value) => writeOperand(ctx, i, value), i.length);
    return;
  }
  if (i.twoByte && op === 0x01 && i.reg === 7) {
    yield* emulateInvlpg(ctx, linearOf(ctx, i), i.length);
    return;
  }
  ctx.summary = `unexpected #GP at ${hex4(ctx.exit.guestCs)}:${hex4(ctx.exit.guestIp)}`;
  ctx.stopVm(ctx.summary);
}

/** HLT: with the guest's IF set the VM blocks until its next virtual interrupt; with IF clear it is done. */
function* halt(ctx: ExitContext, length: number): Handler {
  ctx.classified = reasons.EXIT_HLT;
  ctx.vm.counters.emulatedInstructions++;
  ctx.cpu.ip = (ctx.exit.guestIp + length) & 0xffff;
  const guestIf = (ctx.cpu.flags & (ctx.vm.controls.table.cli === 'NATIVE' ? 1 << 9 : 1 << 19)) !== 0;
  ctx.endSlice = true;
  if (guestIf) {
    ctx.summary = 'HLT: wait for a virtual interrupt';
    yield step(
      'hlt',
      'block the vCPU until its next virtual interrupt; schedule another VM',
      ctx.costs.handler
    );
    ctx.vm.status = 'blocked';
  } else {
    ctx.summary = 'HLT with interrupts off: the VM is done';
    yield step('hlt', 'interrupts off: nothing can wake the vCPU; stop the VM', ctx.costs.handler);
    ctx.stopVm('halt');
  }
}

function linearOf(ctx: ExitContext, i: Instruction): number {
  const words = ctx.cpu.words;
  const offset = (words[i.base] + (i.index === ZERO ? 0 : words[i.index]) + i.disp) & 0xffff;
  return ctx.cpu.segs[i.segment] * 16 + offset;
}

/** Write a word to an instruction's r/m operand (register or guest memory). */
function writeOperand(ctx: ExitContext, i: Instruction, value: number): void {
  if (!i.memory) {
    ctx.cpu.words[i.rm] = value & 0xffff;
    return;
  }
  const linear = linearOf(ctx, i);
  try {
    ctx.vm.memory.write8(linear, value & 0xff);
    ctx.vm.memory.write8(linear + 1, (value >> 8) & 0xff);
  } catch (fault) {
    if (!(fault instanceof GuestPageFault)) throw fault;
    ctx.stopVm('SMSW to an unmapped guest page');
  }
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
