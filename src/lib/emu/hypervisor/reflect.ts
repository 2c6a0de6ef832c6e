// Reflection: the hypervisor simulates an interrupt into the guest (virtualization.md §2.6; the 386 manual's
// "simulate interrupt into the V86 task"), in TypeScript, through the guest's own memory: push FLAGS (IF shown
// as the virtual IF, bits 12–15 set as on an 8086), CS and IP (and the error code after IP for #PF, as this
// machine's CPU does on the bare machine), load CS:IP from the guest's vector table, clear the guest IF and TF.
// A fault on the way (guest stack or IVT unmapped) is a triple fault: the VM is shut down, contained.

import { CS, SP, SS } from '../cpu/registers';
import { TF } from '../cpu/flags';
import { guestFlags } from '../cpu/vm/vm-events';
import { guestInterruptFlagBit } from '../cpu/vm/vm-mode';
import { GuestPageFault } from './guest-memory';
import { step, type ExitContext, type Handler } from './steps';

/** Reflect interrupt `vector` into the guest, returning to `returnIp`; `errorCode` ≥ 0 is pushed after IP. */
export function* reflect(ctx: ExitContext, vector: number, returnIp: number, errorCode = -1): Handler {
  const { cpu, vm } = ctx;
  yield step(
    'reflect',
    `push FLAGS (IF := VIF), CS, IP on the guest stack; vector ${vector}`,
    ctx.costs.reflection
  );
  try {
    const image = guestFlags(cpu, vm.controls);
    push(ctx, image);
    push(ctx, cpu.segs[CS]);
    push(ctx, returnIp & 0xffff);
    if (errorCode >= 0) push(ctx, errorCode & 0xffff);
    const ip = vm.memory.readWord(0, vector * 4);
    const cs = vm.memory.readWord(0, vector * 4 + 2);
    cpu.segs[CS] = cs;
    cpu.ip = ip;
    cpu.flags &= ~(guestInterruptFlagBit(vm.controls) | TF);
  } catch (fault) {
    if (!(fault instanceof GuestPageFault)) throw fault;
    ctx.classified = 2;
    ctx.summary = `triple fault: reflecting vector ${vector} faulted at ${fault.linear.toString(16)}h`;
    ctx.stopVm('triple fault (reflection impossible: guest stack or vector table unmapped)');
    return;
  }
  yield step('enter handler', `CS:IP := IVT[${vector}]; IF := 0; TF := 0`, 0);
}

export function push(ctx: ExitContext, value: number): void {
  const cpu = ctx.cpu;
  const sp = (cpu.words[SP] - 2) & 0xffff;
  ctx.vm.memory.writeWord(cpu.segs[SS], sp, value);
  cpu.words[SP] = sp;
}

export function pop(ctx: ExitContext): number {
  const cpu = ctx.cpu;
  const value = ctx.vm.memory.readWord(cpu.segs[SS], cpu.words[SP]);
  cpu.words[SP] = (cpu.words[SP] + 2) & 0xffff;
  return value;
}
