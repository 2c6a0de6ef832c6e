// The interpreter routines for the sensitive instructions a 386 monitor emulated (virtualization.md §2.4, #GP):
// CLI, STI, PUSHF, POPF, IRET and INT n act on the VM's virtual IF and the guest's own stack and vector table.
// On the pre-VT profiles they arrive as EXCEPTION #GP(0) and the instruction is decoded first (decode.ts); the
// counters keep them as EXCEPTION, since VT-x has no exit of its own for them.

import { CS, SP } from '../../cpu/registers';
import { OF } from '../../cpu/flags';
import type { Instruction } from '../../cpu/instruction';
import { applyGuestFlags, setGuestInterruptFlag } from '../../cpu/vm/vm-mode';
import { guestFlags } from '../../cpu/vm/vm-events';
import { GuestPageFault } from '../guest-memory';
import { pop, push, reflect } from '../reflect';
import { step, type ExitContext, type Handler } from '../steps';

/** Opcodes of the instructions emulated here. */
export const CLI = 0xfa;
export const STI = 0xfb;
export const PUSHF = 0x9c;
export const POPF = 0x9d;
export const IRET = 0xcf;
export const INT3 = 0xcc;
export const INT_N = 0xcd;
export const INTO = 0xce;

export function isEmulatedSensitive(i: Instruction): boolean {
  return !i.twoByte && [CLI, STI, PUSHF, POPF, IRET, INT3, INT_N, INTO].includes(i.opcode);
}

/** Emulate one of the sensitive instructions at CS:IP (length from the decoder or the VT-x qualification). */
export function* emulateSensitive(ctx: ExitContext, i: Instruction): Handler {
  const { cpu } = ctx;
  const next = (ctx.exit.guestIp + i.length) & 0xffff;
  ctx.vm.counters.emulatedInstructions++;
  const stackPointer = cpu.words[SP];
  try {
    switch (i.opcode) {
      case CLI:
        ctx.summary = 'CLI';
        yield step('cli', 'VIF := 0; IP += 1', ctx.costs.handler);
        setGuestInterruptFlag(cpu, false, 'VIRTUAL');
        cpu.ip = next;
        return;
      case STI:
        ctx.summary = 'STI';
        yield step('sti', 'VIF := 1; interrupt shadow for one instruction; IP += 1', ctx.costs.handler);
        setGuestInterruptFlag(cpu, true, 'VIRTUAL');
        ctx.vm.interruptShadow = true;
        cpu.ip = next;
        return;
      case PUSHF:
        ctx.summary = 'PUSHF';
        yield step('pushf', 'push FLAGS with IF := VIF, bits 12–15 = 1; IP += 1', ctx.costs.handler);
        push(ctx, guestFlags(cpu, ctx.vm.controls));
        cpu.ip = next;
        return;
      case POPF: {
        ctx.summary = 'POPF';
        yield step('popf', 'pop FLAGS; VIF := popped IF; IP += 1', ctx.costs.handler);
        const value = pop(ctx);
        applyGuestFlags(cpu, value, 'VIRTUAL');
        cpu.ip = next;
        return;
      }
      case IRET: {
        ctx.summary = 'IRET';
        yield step('iret', 'pop IP, CS, FLAGS; VIF := popped IF', ctx.costs.handler);
        const ip = pop(ctx);
        const cs = pop(ctx);
        const flags = pop(ctx);
        cpu.segs[CS] = cs;
        cpu.ip = ip;
        applyGuestFlags(cpu, flags, 'VIRTUAL');
        return;
      }
      case INT3:
      case INT_N:
      case INTO: {
        const vector = i.opcode === INT3 ? 3 : i.opcode === INTO ? 4 : i.imm & 0xff;
        ctx.summary = i.opcode === INTO ? 'INTO' : `INT ${hex2(vector)}`;
        if (i.opcode === INTO && !(cpu.flags & OF)) {
          yield step('into', 'OF clear: no interrupt; IP += 1', ctx.costs.handler);
          cpu.ip = next;
          return;
        }
        yield step('int', `reflect INT ${hex2(vector)} into the guest's vector table`, ctx.costs.handler);
        yield* reflect(ctx, vector, next);
        return;
      }
    }
  } catch (fault) {
    if (!(fault instanceof GuestPageFault)) throw fault;
    // The guest's stack is not mapped in its own tables: the guest sees the #PF it would see on bare hardware,
    // with the instruction not done (SP as it found it).
    cpu.words[SP] = stackPointer;
    yield* reflectPageFault(ctx, fault);
  }
}

/** A guest-table fault met while emulating: the guest gets its #PF (CR2 = faulting page), at the instruction. */
export function* reflectPageFault(ctx: ExitContext, fault: GuestPageFault): Handler {
  ctx.vm.counters.trueFaults++;
  // The bare machine counts a fault's delivery as a step: so does model time here (see Hypervisor.handleExit).
  ctx.vm.counters.emulatedInstructions++;
  ctx.vm.controls.guestCr2 = (fault.linear >>> 12) & 0xffff;
  yield* reflect(ctx, 14, ctx.exit.guestIp, fault.errorCode);
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0') + 'h';
}
