// Running one guest instruction with a temporary mapping (ExitContext.stepWithScratch): a write to ROM or to
// missing memory lands on a scratch copy and is dropped; a traced page-table write lands on the real frame.

import type { Machine } from '../machine';
import type { Vm } from './vmcb';

/** See ExitContext.stepWithScratch. The instruction's step is model time, charged by Hypervisor.handleExit. */
export function stepWithScratch(
  machine: Machine,
  scratchFrame: number,
  vm: Vm,
  source: number,
  map: (frame: number) => void,
  unmap: () => void,
  linear: number
): void {
  const memory = machine.memory;
  const paging = machine.bus.paging;
  if (source >= 0) {
    memory.load(scratchFrame * 4096, memory.bytes.subarray(source * 4096, source * 4096 + 4096));
    map(scratchFrame);
  } else {
    map(-1);
  }
  // Only the page of the access changes translation (the other TLB entries stay, as on the bare machine).
  paging.invalidatePage(linear);
  const result = machine.run(1, { maxSteps: 1 });
  vm.counters.emulatedInstructions += result.iterations; // model time: see handleExit
  unmap();
  paging.invalidatePage(linear);
}
