// CR_ACCESS (exit 28) and INVLPG (exit 14), virtualization.md §2.4: the guest's control registers are virtual
// (kept in its controls); loading CR0 or CR3 changes which tables the CPU walks for it (paging-modes.ts): shadow
// paging switches or rebuilds its shadow, nested paging only re-points the guest stage. SMSW under TRAP reads
// the guest's virtual CR0 (so a guest cannot tell, unlike the 386's leaking native SMSW).

import { CR0_PG } from '../../cpu/flags';
import { step, type ExitContext, type Handler } from '../steps';
import { applyPagingMode } from '../paging-modes';

export interface ControlAccess {
  n: number;
  direction: 'to' | 'from';
  /** General register number (AX = 0 …). */
  register: number;
  length: number;
}

export function* emulateControlRegister(ctx: ExitContext, access: ControlAccess): Handler {
  const { cpu, vm } = ctx;
  const controls = vm.controls;
  ctx.classified = 28;
  vm.counters.emulatedInstructions++;
  const name = `CR${access.n}`;
  if (access.direction === 'from') {
    ctx.summary = `MOV ${registerName(access.register)}, ${name}`;
    yield step('read CR', `${registerName(access.register)} := virtual ${name}`, ctx.costs.handler);
    cpu.words[access.register] =
      access.n === 0 ? controls.guestCr0 : access.n === 2 ? controls.guestCr2 : controls.guestCr3;
  } else {
    const value = cpu.words[access.register];
    ctx.summary = `MOV ${name}, ${registerName(access.register)} (${value.toString(16)}h)`;
    if (access.n === 0) {
      const toggled = ((controls.guestCr0 ^ value) & CR0_PG) !== 0;
      yield step(
        'write CR0',
        `virtual CR0 := ${value.toString(16)}h${toggled ? '; paging toggled: switch tables' : ''}`,
        ctx.costs.handler
      );
      controls.guestCr0 = value;
      if (toggled) applyAndReconfigure(ctx, false);
    } else if (access.n === 2) {
      yield step('write CR2', `virtual CR2 := ${value.toString(16)}h`, ctx.costs.handler);
      controls.guestCr2 = value;
    } else {
      vm.counters.cr3Writes++;
      controls.guestCr3 = value;
      const mode = vm.config.paging;
      const pseudo =
        mode === 'nested'
          ? 'virtual CR3 := value; the hardware walks the new guest tables; flush this VPID'
          : mode === 'shadow-traced'
            ? 'virtual CR3 := value; switch to the cached shadow of this address space (or build one)'
            : 'virtual CR3 := value; drop the shadow (virtual TLB flush)';
      yield step('write CR3', pseudo, ctx.costs.handler);
      if (controls.guestCr0 & CR0_PG || mode === 'nested') applyAndReconfigure(ctx, true);
    }
  }
  cpu.ip = (ctx.exit.guestIp + access.length) & 0xffff;
}

export function* emulateSmsw(ctx: ExitContext, write: (value: number) => void, length: number): Handler {
  ctx.classified = 28;
  ctx.vm.counters.emulatedInstructions++;
  ctx.summary = 'SMSW';
  yield step('smsw', 'destination := virtual CR0 (low word)', ctx.costs.handler);
  write(ctx.vm.controls.guestCr0 & 0xffff);
  ctx.cpu.ip = (ctx.exit.guestIp + length) & 0xffff;
}

export function* emulateInvlpg(ctx: ExitContext, linear: number, length: number): Handler {
  ctx.classified = 14;
  ctx.vm.counters.emulatedInstructions++;
  ctx.summary = `INVLPG ${linear.toString(16)}h`;
  yield step('invlpg', 'drop the shadow entry of the page; flush its TLB entry', ctx.costs.handler);
  ctx.vm.shadow?.dropPage(linear);
  ctx.cpu.bus.paging.invalidatePage(linear);
  ctx.cpu.ip = (ctx.exit.guestIp + length) & 0xffff;
}

function applyAndReconfigure(ctx: ExitContext, cr3Changed: boolean): void {
  applyPagingMode(ctx.vm, ctx.memory, ctx.frames, cr3Changed);
  ctx.reconfigurePaging();
}

function registerName(r: number): string {
  return ['AX', 'CX', 'DX', 'BX', 'SP', 'BP', 'SI', 'DI'][r] ?? `r${r}`;
}
