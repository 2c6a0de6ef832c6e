// VMCALL (exit 18): the paravirtual interface of virtualization.md §2.10. AX = call number, BX/CX/DX/SI/DI =
// arguments, DS/ES for buffers; the result in AX (0 = done, FFFFh = error). Outside a VM, VMCALL is #UD: a guest
// detects the hypervisor by hooking INT 6 and calling HC_PROBE. The ABI is this project's own; the lesson maps
// each call to its Xen counterpart where there is one.

import { AX, BX, CX, DS, DX, SI } from '../../cpu/registers';
import { CR0_PG } from '../../cpu/flags';
import { applyPagingMode } from '../paging-modes';
import { step, type ExitContext, type Handler } from '../steps';

export const HC_PROBE = 0x00;
export const HC_CONSOLE_WRITE = 0x01;
export const HC_YIELD = 0x02;
export const HC_GET_TIME = 0x04;
export const HC_MMU_UPDATE = 0x10;
export const HC_SET_CR3 = 0x11;
export const HC_INVLPG = 0x12;
export const HC_SHUTDOWN = 0xff;

/** HC_PROBE's answer: 'VM' in AX, the interface version in BX. */
export const PROBE_SIGNATURE = 0x564d;
export const INTERFACE_VERSION = 1;
const DONE = 0;
const ERROR = 0xffff;

const NAMES: Record<number, string> = {
  [HC_PROBE]: 'HC_PROBE',
  [HC_CONSOLE_WRITE]: 'HC_CONSOLE_WRITE',
  [HC_YIELD]: 'HC_YIELD',
  [HC_GET_TIME]: 'HC_GET_TIME',
  [HC_MMU_UPDATE]: 'HC_MMU_UPDATE',
  [HC_SET_CR3]: 'HC_SET_CR3',
  [HC_INVLPG]: 'HC_INVLPG',
  [HC_SHUTDOWN]: 'HC_SHUTDOWN'
};

export function* hypercall(ctx: ExitContext, length: number): Handler {
  const { cpu, vm } = ctx;
  const words = cpu.words;
  const number = words[AX];
  ctx.classified = 18;
  ctx.summary = NAMES[number] ?? `unknown hypercall ${number.toString(16)}h`;
  vm.counters.emulatedInstructions++;
  yield step('hypercall', `dispatch AX = ${number.toString(16)}h (${ctx.summary})`, ctx.costs.handler);
  cpu.ip = (ctx.exit.guestIp + length) & 0xffff;
  switch (number) {
    case HC_PROBE:
      words[AX] = PROBE_SIGNATURE;
      words[BX] = INTERFACE_VERSION;
      words[CX] = 0;
      words[DX] = 0;
      return;
    case HC_CONSOLE_WRITE: {
      let text = '';
      for (let k = 0; k < words[CX]; k++)
        text += String.fromCharCode(vm.memory.read8(cpu.segs[DS] * 16 + ((words[SI] + k) & 0xffff)));
      yield step('console', `append ${words[CX]} bytes at DS:SI to the console`, ctx.costs.deviceRegister);
      vm.console += text;
      words[AX] = DONE;
      return;
    }
    case HC_YIELD:
      words[AX] = DONE;
      ctx.endSlice = true;
      return;
    case HC_GET_TIME: {
      const time = vm.counters.guestInstructions;
      words[AX] = time & 0xffff;
      words[DX] = Math.floor(time / 0x10000) & 0xffff;
      return;
    }
    case HC_MMU_UPDATE: {
      // CX pairs {gPA of a guest PTE (dword), new value (dword)} at DS:SI, validated then applied (Xen mmu_update).
      const base = cpu.segs[DS] * 16;
      let ok = true;
      for (let k = 0; k < words[CX] && ok; k++) {
        const at = (words[SI] + k * 8) & 0xffff;
        const read32 = (offset: number) => {
          let v = 0;
          for (let b = 3; b >= 0; b--) v = v * 256 + vm.memory.read8(base + ((at + offset + b) & 0xffff));
          return v >>> 0;
        };
        const address = read32(0);
        const value = read32(4);
        if (address >= vm.config.ramFrames * 4096 || (value & 1 && value >>> 12 >= vm.config.ramFrames))
          ok = false;
        else for (let b = 0; b < 4; b++) vm.memory.writePhysical8(address + b, (value >>> (8 * b)) & 0xff);
      }
      yield step(
        'mmu update',
        'validate each {PTE address, value}; apply; drop the derived shadow entries',
        ctx.costs.handler
      );
      vm.shadow?.dropAll();
      refreshPaging(ctx, true);
      words[AX] = ok ? DONE : ERROR;
      return;
    }
    case HC_SET_CR3:
      vm.counters.cr3Writes++;
      vm.controls.guestCr3 = words[BX];
      refreshPaging(ctx, true);
      words[AX] = DONE;
      return;
    case HC_INVLPG:
      vm.shadow?.dropPage(words[BX] << 12);
      cpu.bus.paging.invalidatePage(words[BX] << 12);
      words[AX] = DONE;
      return;
    case HC_SHUTDOWN:
      ctx.stopVm('shutdown hypercall');
      return;
    default:
      words[AX] = ERROR;
  }
}

function refreshPaging(ctx: ExitContext, cr3Changed: boolean): void {
  if (ctx.vm.controls.guestCr0 & CR0_PG || ctx.vm.config.paging === 'nested') {
    applyPagingMode(ctx.vm, ctx.memory, ctx.frames, cr3Changed);
    ctx.reconfigurePaging();
  }
}
