// The guest programs of issue 5 that need a neighbour: noisy-neighbour (a CPU hog that never halts, in
// static/programs/vm/) against a second hog or a timer-driven victim, for the scheduler of virtualization.md §2.9;
// and vm-ping, two VMs running the same file, pinging over the virtual switch (§2.8), with and without an allow
// rule that forbids it. Expectations come from the headers (worked out by hand) and from stride scheduling's
// guarantee: each VM's share of quanta is its weight's share, within one quantum (Waldspurger and Weihl,
// "Stride scheduling", MIT/LCS/TM-528, 1995).
import { describe, expect, it } from 'vitest';
import { Hypervisor, PAGING_MODES, type PagingMode, type ProfileName, type Vm } from '$lib/emu';
import { actual, readProgram, startCom, stated, taggedMemory, taggedOutcome, guestWord } from './guest-run';
import { hex16 } from './program-header';

const HOG = readProgram('vm/noisy-neighbour').image;
const PROFILES: ProfileName[] = ['Strict-P&G', 'HW-assist'];
const QUANTUM = 2000; // the hypervisor's default (§2.9)

function slicesOf(hv: Hypervisor, vm: Vm) {
  return hv.trace.filter((slice) => slice.vm === vm.id);
}

/** noisy-neighbour's header: after N instructions of its own, DX:AX = (N + 1) div 3. */
function hogCount(hv: Hypervisor, vm: Vm): { count: number; expected: number } {
  const registers = hv.guestRegisters(vm);
  return {
    count: registers.dx * 0x10000 + registers.ax,
    expected: Math.floor((vm.counters.guestInstructions + 1) / 3)
  };
}

describe.each(PROFILES)('noisy-neighbour under %s', (profile) => {
  it.each<[number, number]>([
    [1, 1],
    [3, 1],
    [1, 3]
  ])('two hogs of weights %i:%i share 80 quanta in proportion to their weights', (w0, w1) => {
    const hv = new Hypervisor();
    const hogs = [w0, w1].map((weight) => hv.addVm({ profile, paging: 'p2m', weight }));
    for (const vm of hogs) startCom(hv, vm, HOG);
    hv.run(80 * QUANTUM);
    expect(hogs.map((vm) => vm.status)).toEqual(['runnable', 'runnable']); // a hog never stops
    const slices = hogs.map((vm) => slicesOf(hv, vm).length);
    expect(slices[0] + slices[1]).toBe(80);
    const share = [(80 * w0) / (w0 + w1), (80 * w1) / (w0 + w1)];
    for (const k of [0, 1]) expect(Math.abs(slices[k] - share[k])).toBeLessThanOrEqual(1);
    // Every slice a hog gets is a whole quantum: it never blocks or yields.
    expect(hv.trace.every((slice) => slice.ended === 'quantum')).toBe(true);
    // Each hog counted exactly the instructions the hypervisor says it ran (its header's formula).
    for (const vm of hogs) {
      const { count, expected } = hogCount(hv, vm);
      expect(count).toBe(expected);
    }
  });

  it('a timer-driven victim (timer-ticks.com) still finishes next to a hog, and blocks in HLT for free', () => {
    const victimProgram = readProgram('timer-ticks');
    const hv = new Hypervisor();
    const hog = hv.addVm({ profile, paging: 'p2m' });
    const victim = hv.addVm({ profile, paging: 'shadow' });
    startCom(hv, hog, HOG);
    startCom(hv, victim, victimProgram.image);
    hv.run(200 * QUANTUM);
    // The victim's own header outcome (AX = BX = 10 ticks), though the hog held the CPU for whole quanta while
    // its timer ran on (the vPIC keeps one request per line: ticks that came while it waited merge).
    expect(victim.stopReason).toBe('halt');
    const outcome = taggedOutcome(victimProgram.source);
    expect(actual(hv.guestRegisters(victim), outcome)).toEqual(stated(outcome));
    // Waiting in HLT costs no quanta: each of the victim's slices ends when it blocks again (or stops), long
    // before a quantum, and all it ran is its own work: about 22 set-up instructions, 10 per tick, 3 at the end
    // (timer-ticks.asm), under 200 in all, emulated instructions included.
    const victimSlices = slicesOf(hv, victim);
    expect(victimSlices.every((slice) => slice.ended === 'blocked' || slice.ended === 'stopped')).toBe(true);
    expect(victimSlices.at(-1)!.ended).toBe('stopped');
    expect(victim.counters.guestInstructions + victim.counters.emulatedInstructions).toBeLessThan(200);
    // The hog had the CPU the rest of the time, every slice a whole quantum.
    expect(slicesOf(hv, hog).every((slice) => slice.ended === 'quantum')).toBe(true);
    expect(hog.counters.guestInstructions + 200).toBeGreaterThan(hv.time);
  });
});

describe('vm-ping: two VMs running the same file, a ping over the virtual switch', () => {
  const { source, image } = readProgram('vm-ping');
  const MAC = ['02:00:00:00:00:01', '02:00:00:00:00:02'];

  function pair(first: [ProfileName, PagingMode], second: [ProfileName, PagingMode], deny = false) {
    const hv = new Hypervisor();
    const initiator = hv.addVm({
      profile: first[0],
      paging: first[1],
      // Denied: VM 0 may send only to broadcast, so its unicast request to VM 1 is dropped at the switch.
      network: deny ? { allowDestinations: ['ff:ff:ff:ff:ff:ff'] } : {}
    });
    const responder = hv.addVm({ profile: second[0], paging: second[1] });
    for (const vm of [initiator, responder]) startCom(hv, vm, image);
    hv.run(1_000_000);
    return { hv, initiator, responder };
  }

  const CASES: [ProfileName, PagingMode, ProfileName, PagingMode][] = [
    ...PAGING_MODES.map((paging) => ['Strict-P&G', paging, 'Strict-P&G', paging] as const),
    ...PAGING_MODES.map((paging) => ['HW-assist', paging, 'HW-assist', paging] as const),
    ['Strict-P&G', 'shadow', 'HW-assist', 'nested'] as const
  ].map((c) => [...c]);

  it.each(CASES)('%s/%s pings %s/%s: both outcomes as the header states', (p0, m0, p1, m1) => {
    const { hv, initiator, responder } = pair([p0, m0], [p1, m1]);
    expect([initiator.stopReason, responder.stopReason]).toEqual(['halt', 'halt']);
    for (const [vm, tag] of [
      [initiator, 'vm0'],
      [responder, 'vm1']
    ] as const) {
      const outcome = taggedOutcome(source, tag);
      expect(actual(hv.guestRegisters(vm), outcome)).toEqual(stated(outcome));
      // The mailbox mirrors AX, BX, CX (header): 0000:0500, 0502, 0504.
      const registers = hv.guestRegisters(vm);
      expect([0x500, 0x502, 0x504].map((offset) => guestWord(vm, { segment: 0, offset, value: 0 }))).toEqual(
        [registers.ax, registers.bx, registers.cx].map(hex16)
      );
    }
    // The switch learned both source addresses, each on its VM's port, and forwarded one frame each way.
    expect(hv.network.macTable()).toEqual([
      { mac: MAC[0], port: 0 },
      { mac: MAC[1], port: 1 }
    ]);
    for (const port of [0, 1]) {
      const counters = hv.network.counters(port);
      expect([counters.sent, counters.received]).toEqual([1, 1]);
      expect(Object.values(counters.dropped).every((n) => n === 0)).toBe(true);
    }
  });

  it('an allow rule forbids VM 0 to send to VM 1: the request is dropped, VM 0 times out, VM 1 waits', () => {
    const { hv, initiator, responder } = pair(['Strict-P&G', 'shadow'], ['HW-assist', 'nested'], true);
    expect(initiator.stopReason).toBe('halt');
    const outcome = taggedOutcome(source, 'vm0-denied');
    expect(actual(hv.guestRegisters(initiator), outcome)).toEqual(stated(outcome));
    expect(hv.network.counters(0).dropped['destination-not-allowed']).toBe(1);
    expect(hv.network.counters(0).sent).toBe(0);
    expect(hv.network.counters(1).received).toBe(0);
    // The responder sleeps in HLT with its interrupts on, and nothing will ever wake it: blocked, not stopped.
    expect(responder.status).toBe('blocked');
    // The frame never reached the switch's table: only what VM 0 sent could have been learned, and it was dropped.
    expect(hv.network.macTable()).toEqual([]);
  });

  it('alone (one VM, nobody answers): the header’s plain outcome, as on the bare machine', () => {
    const outcome = taggedOutcome(source);
    const hv = new Hypervisor();
    const vm = hv.addVm({ profile: 'HW-assist', paging: 'nested' });
    startCom(hv, vm, image);
    hv.run(1_000_000);
    expect(vm.stopReason).toBe('halt');
    expect(actual(hv.guestRegisters(vm), outcome)).toEqual(stated(outcome));
    const memory = taggedMemory(source);
    expect(memory.map((w) => guestWord(vm, w))).toEqual(memory.map((w) => hex16(w.value)));
  });
});
