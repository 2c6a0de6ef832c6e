// Page faults and nested-paging violations (virtualization.md §2.7, exits 0/#PF and 48). Most are hidden: the
// guest never learns of them (a frame backed on first touch, a shadow entry filled, a guest A/D bit emulated, a
// write to ROM or to missing memory dropped, a traced page-table write emulated). Only a fault the guest's own
// tables call for is reflected into the guest, with the guest's CR2 and error code: a true fault.

import {
  directoryIndex,
  FAULT_PROTECTION,
  FAULT_WRITE,
  frameOf,
  PTE_ACCESSED,
  PTE_DIRTY,
  PTE_PRESENT,
  PTE_WRITABLE,
  tableIndex
} from '../../mem/paging/entries';
import { BACKING_COW, BACKING_NONE, GUEST_FRAMES } from '../p2m';
import { guestPagingOn } from '../paging-modes';
import { GuestPageFault } from '../guest-memory';
import { reflectPageFault } from './sensitive';
import { step, type ExitContext, type Handler } from '../steps';

/** EXCEPTION #PF from the active tables (the physical map or a shadow), or from the guest's tables (nested). */
export function* handlePageFault(ctx: ExitContext): Handler {
  const { linear, errorCode } = ctx.exit.pf ?? { linear: 0, errorCode: 0 };
  const vm = ctx.vm;
  if (vm.config.paging === 'nested') {
    // With nested paging the hardware walked the guest's own tables: this fault is the guest's (a true fault);
    // it exits only because the profile's exception bitmap says every exception does.
    yield step(
      'true fault',
      'the guest tables said no: CR2 := page; reflect #PF into the guest',
      ctx.costs.handler
    );
    ctx.summary = 'true fault (guest tables)';
    yield* reflectPageFault(ctx, new GuestPageFault(linear, errorCode & (FAULT_PROTECTION | FAULT_WRITE)));
    return;
  }
  if (!guestPagingOn(vm)) {
    yield* physicalMapFault(ctx, physicalOf(ctx, linear), (errorCode & FAULT_PROTECTION) !== 0, linear);
    return;
  }
  yield* shadowFault(ctx, linear, (errorCode & FAULT_WRITE) !== 0);
}

/** NPT_VIOLATION: the nested tables lacked the guest-physical page (lazy backing) or refused a write. */
export function* handleNestedViolation(ctx: ExitContext): Handler {
  const npt = ctx.exit.npt;
  if (!npt) return;
  const guestFrame = npt.guestPhysical >>> 12;
  if (guestFrame >= GUEST_FRAMES + 16) {
    ctx.summary = `illegal guest-physical address ${npt.guestPhysical.toString(16)}h`;
    yield step('kill', 'a guest-physical address beyond the VM: stop the VM', ctx.costs.handler);
    ctx.stopVm(`illegal guest-physical address ${npt.guestPhysical.toString(16)}h`);
    return;
  }
  const present = ctx.vm.p2m.backing[guestFrame & 0xff] !== 0;
  yield* physicalMapFault(ctx, npt.guestPhysical, present && npt.access === 'write', npt.linear);
}

/** Guest-physical address of a linear one while the guest's paging is off (the A20 wrap as configured). */
function physicalOf(ctx: ExitContext, linear: number): number {
  return ctx.vm.config.a20Wrap ? linear & 0xfffff : linear;
}

/** A fault in the physical map: first touch (back the frame), or a write to a read-only shared frame (drop it). */
function* physicalMapFault(
  ctx: ExitContext,
  guestPhysical: number,
  protection: boolean,
  linear: number
): Handler {
  const vm = ctx.vm;
  const guestFrame = (guestPhysical >>> 12) & 0xff;
  vm.counters.hiddenFaults++;
  if (!protection) {
    ctx.summary = `hidden fault: back guest frame ${guestFrame.toString(16)}h`;
    yield step(
      'lazy backing',
      `P2M[${hexFrame(guestFrame)}] := a zeroed host frame; resume`,
      ctx.costs.handler
    );
    if (!vm.p2m.back(guestFrame)) {
      ctx.stopVm('host memory is full');
      return;
    }
    return;
  }
  if (vm.p2m.backing[guestFrame] === BACKING_COW) {
    yield* breakCopyOnWrite(ctx, guestFrame);
    return;
  }
  ctx.summary = `hidden fault: write to read-only guest frame ${guestFrame.toString(16)}h dropped`;
  yield step(
    'dropped write',
    'ROM or missing memory: run the instruction on a scratch copy, drop its write',
    ctx.costs.tracedWrite
  );
  const host = vm.p2m.hostFrame[guestFrame];
  ctx.stepWithScratch(
    host,
    (frame) => vm.p2m.mapTemporarily(guestFrame, frame),
    () => vm.p2m.installEntry(guestFrame),
    linear
  );
}

/** The shadow #PF handler of §2.7, one UI step per line. */
function* shadowFault(ctx: ExitContext, linear: number, write: boolean): Handler {
  const vm = ctx.vm;
  const shadow = vm.shadow;
  if (!shadow) return;
  yield step(
    'guest walk',
    'walk the guest tables in guest memory: guest CR3 → gPDE → gPTE',
    2 * ctx.costs.walkReference
  );
  const memory = vm.memory;
  const directoryAddress = vm.controls.guestCr3 * 4096 + directoryIndex(linear) * 4;
  const pde = memory.readPhysical32(directoryAddress);
  const tableAddress = frameOf(pde) * 4096 + tableIndex(linear) * 4;
  const pte = pde & PTE_PRESENT ? memory.readPhysical32(tableAddress) : 0;
  const present = (pde & PTE_PRESENT) !== 0 && (pte & PTE_PRESENT) !== 0;
  if (!present || (write && !(pde & PTE_WRITABLE && pte & PTE_WRITABLE))) {
    ctx.summary = 'true fault (guest tables)';
    yield step(
      'true fault',
      'the guest walk faults: guest CR2 := page; reflect #PF with the guest error code',
      ctx.costs.handler
    );
    const code = (present ? FAULT_PROTECTION : 0) | (write ? FAULT_WRITE : 0);
    yield* reflectPageFault(ctx, new GuestPageFault(linear, code));
    return;
  }
  vm.counters.hiddenFaults++;
  const guestFrame = frameOf(pte);
  if (shadow.traced) {
    traceTable(ctx, vm.controls.guestCr3);
    traceTable(ctx, frameOf(pde));
  }
  yield step('guest A/D', write ? 'set the guest A and D bits' : 'set the guest A bit', ctx.costs.handler);
  setGuestBits(ctx, directoryAddress, pde, PTE_ACCESSED);
  setGuestBits(ctx, tableAddress, pte, write ? PTE_ACCESSED | PTE_DIRTY : PTE_ACCESSED);
  if (write && shadow.tracedFrames.has(guestFrame)) {
    yield* tracedWrite(ctx, linear, guestFrame);
    return;
  }
  // INSTRUCTOR BUG (§2.12 E5, off by default: HypervisorBugs.skipP2mForGuestPteFrames). A frame the P2M has no
  // entry for (not backed yet, or beyond 1 MiB) is taken as a host frame number as it stands, with no P2M
  // translation: the guest's PTE now names host memory directly, and escape E2 reads other VMs' frames.
  const buggy =
    ctx.bugs.skipP2mForGuestPteFrames &&
    (guestFrame >= GUEST_FRAMES || vm.p2m.backing[guestFrame] === BACKING_NONE) &&
    guestFrame < ctx.frames.count;
  const resolved = buggy ? { host: guestFrame * 4096, writable: true } : vm.p2m.resolve(guestFrame * 4096);
  if (resolved === null) {
    ctx.stopVm('host memory is full');
    return;
  }
  const hostFrame = resolved.host >>> 12;
  const traced = shadow.tracedFrames.has(guestFrame);
  if (
    write &&
    !resolved.writable &&
    guestFrame < GUEST_FRAMES &&
    vm.p2m.backing[guestFrame] === BACKING_COW
  ) {
    yield* breakCopyOnWrite(ctx, guestFrame);
    return;
  }
  if (write && !resolved.writable) {
    ctx.summary = `hidden fault: write to read-only guest frame ${guestFrame.toString(16)}h dropped`;
    yield step(
      'dropped write',
      'ROM or missing memory: run the instruction on a scratch copy, drop its write',
      ctx.costs.tracedWrite
    );
    ctx.stepWithScratch(
      hostFrame,
      (frame) => shadow.install(linear, frame, true, false),
      () => shadow.dropPage(linear),
      linear
    );
    return;
  }
  const dirty = write || (pte & PTE_DIRTY) !== 0;
  const writable =
    (pde & PTE_WRITABLE) !== 0 && (pte & PTE_WRITABLE) !== 0 && dirty && resolved.writable && !traced;
  ctx.summary = `hidden fault: shadow fill ${(linear >>> 12).toString(16)}h → host frame ${hostFrame.toString(16)}h`;
  yield step(
    'shadow fill',
    `shadow PTE := host frame ${hexFrame(hostFrame)} | P | U${writable ? ' | W' : ''}; resume`,
    ctx.costs.shadowFill
  );
  shadow.install(linear, hostFrame, writable, traced);
  vm.counters.shadowFills++;
}

/** SHADOW_TRACED: a guest frame used as a page table becomes write-protected in every shadow. */
function traceTable(ctx: ExitContext, guestFrame: number): void {
  const shadow = ctx.vm.shadow;
  if (!shadow || shadow.tracedFrames.has(guestFrame)) return;
  shadow.tracedFrames.add(guestFrame);
  const resolved = ctx.vm.p2m.resolve(guestFrame * 4096);
  if (!resolved) return;
  const hostFrame = resolved.host >>> 12;
  shadow.protect(hostFrame);
  // The TLB may still hold a writable translation of that page: drop it (only it: other entries, stale or not,
  // stay exactly as the bare machine's TLB would keep them).
  const paging = ctx.cpu.bus.paging;
  for (const entry of paging.tlb.view()) {
    if (entry.valid && entry.vpid === ctx.vm.controls.vpid && entry.base >>> 12 === hostFrame) {
      paging.invalidatePage(entry.page << 12);
    }
  }
}

/** A write to a traced guest page table: emulate it against guest memory, then drop the shadows derived from it. */
function* tracedWrite(ctx: ExitContext, linear: number, guestFrame: number): Handler {
  const vm = ctx.vm;
  const shadow = vm.shadow;
  if (!shadow) return;
  vm.counters.tracingFaults++;
  vm.counters.emulatedInstructions++;
  ctx.summary = `tracing fault: guest page-table write at guest frame ${guestFrame.toString(16)}h`;
  yield step(
    'tracing fault',
    'emulate the write to the guest page table (record gPA, old, new)',
    ctx.costs.tracedWrite
  );
  // A page table shared copy-on-write with a clone gets its own copy first: the write must not reach the other VM.
  if (
    guestFrame < GUEST_FRAMES &&
    vm.p2m.backing[guestFrame] === BACKING_COW &&
    !vm.p2m.breakCow(guestFrame)
  ) {
    ctx.stopVm('host memory is full');
    return;
  }
  const resolved = vm.p2m.resolve(guestFrame * 4096);
  if (!resolved) return;
  const hostFrame = resolved.host >>> 12;
  ctx.stepWithScratch(
    -1,
    () => shadow.install(linear, hostFrame, true, true),
    () => shadow.install(linear, hostFrame, false, true),
    linear
  );
  yield step('re-derive', 'drop the shadow entries derived from the written guest entry', ctx.costs.handler);
  for (const cr3 of shadow.cachedAddressSpaces()) {
    if (cr3 === guestFrame) {
      const d = (linear & 0xfff) >>> 2;
      if (d < 32) shadow.dropDerived(cr3, d);
      continue;
    }
    for (let d = 0; d < 32; d++) {
      const pde = vm.memory.readPhysical32(cr3 * 4096 + d * 4);
      if (pde & PTE_PRESENT && frameOf(pde) === guestFrame) shadow.dropDerived(cr3, d);
    }
  }
  // The TLB is left alone: like the bare machine's, it keeps the old translation until INVLPG, a CR3 load or
  // eviction; then the emptied shadow entry faults and is refilled from the new guest entry.
}

/** A write to a frame a clone shares (§2.13): copy it for this VM (or take it over, if no one else maps it). */
function* breakCopyOnWrite(ctx: ExitContext, guestFrame: number): Handler {
  ctx.summary = `hidden fault: copy-on-write of guest frame ${guestFrame.toString(16)}h`;
  yield step(
    'copy on write',
    `P2M[${hexFrame(guestFrame)}] := a copy of the shared frame, writable; resume`,
    ctx.costs.shadowFill
  );
  if (!ctx.vm.p2m.breakCow(guestFrame)) ctx.stopVm('host memory is full');
}

function setGuestBits(ctx: ExitContext, guestPhysical: number, value: number, bits: number): void {
  if ((value & bits) !== bits) ctx.vm.memory.writePhysical8(guestPhysical, (value | bits) & 0xff);
}

function hexFrame(frame: number): string {
  return frame.toString(16).toUpperCase() + 'h';
}
