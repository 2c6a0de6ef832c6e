// The NIC and the virtual switch. Expected behaviour of a learning L2 switch (IEEE 802.1D §7.7–7.8: learn the
// source address per port; forward to the learned port; flood frames with an unknown or group destination (bit 0
// of the first octet) to every other port; never send a frame back out of its ingress port; VLANs (802.1Q)
// separate flooding domains), plus the allow rules and the NIC port protocol documented in nic.ts.
import { describe, expect, it } from 'vitest';
import { Nic, formatMac } from '$lib/emu/devices/nic';
import { VirtualSwitch, type PortRules } from '$lib/emu/devices/vswitch';

const MACS = ['02:00:00:00:00:0a', '02:00:00:00:00:0b', '02:00:00:00:00:0c'];

function frame(dst: string, src: string, type: number, payload: number[]): number[] {
  const mac = (m: string): number[] => m.split(':').map((p) => parseInt(p, 16));
  return [...mac(dst), ...mac(src), type >> 8, type & 0xff, ...payload];
}

/** The guest side of the protocol: write the bytes to DATA, SEND; returns STATUS afterwards. */
function send(nic: Nic, bytes: number[]): number {
  for (const b of bytes) nic.write8(0xc10, b);
  nic.write8(0xc11, 0x01);
  return nic.read8(0xc11);
}

/** Take every received frame (DATA reads up to RX_LEN, then RX_NEXT). */
function receiveAll(nic: Nic): number[][] {
  const frames: number[][] = [];
  while (nic.read8(0xc11) & 1) {
    const length = nic.read8(0xc12) | (nic.read8(0xc13) << 8);
    frames.push(Array.from({ length }, () => nic.read8(0xc10)));
    nic.write8(0xc11, 0x02);
  }
  return frames;
}

function lan(rules: PortRules[] = []): { sw: VirtualSwitch; nics: Nic[]; irqs: boolean[][] } {
  const sw = new VirtualSwitch();
  const irqs: boolean[][] = MACS.map(() => []);
  const nics = MACS.map(
    (mac, i) =>
      new Nic((line, level) => {
        expect(line).toBe(3);
        irqs[i].push(level);
      }, mac)
  );
  nics.forEach((nic, i) => sw.connect(nic, rules[i] ?? {}));
  return { sw, nics, irqs };
}

describe('NIC registers', () => {
  it('MAC at C18h–C1Dh, LINK once cabled, TX_LEN counts written bytes', () => {
    const nic = new Nic(() => {}, '02:12:34:56:78:9a');
    expect(Array.from({ length: 6 }, (_, i) => nic.read8(0xc18 + i))).toEqual([
      2, 0x12, 0x34, 0x56, 0x78, 0x9a
    ]);
    expect(nic.read8(0xc11) & 0b10).toBe(0);
    nic.write8(0xc10, 1);
    nic.write8(0xc10, 2);
    expect(nic.read8(0xc14)).toBe(2);
    nic.write8(0xc11, 0x04);
    expect(nic.read8(0xc14)).toBe(0);
    new VirtualSwitch().connect(nic);
    expect(nic.read8(0xc11) & 0b10).toBe(0b10);
  });

  it('sending unplugged sets TX_DROPPED', () => {
    const nic = new Nic(() => {});
    expect(send(nic, frame(MACS[1], '02:00:00:00:00:01', 0x0800, [1])) & 0b100).toBe(0b100);
  });
});

describe('learning switch', () => {
  it('unknown destination floods; the reply is forwarded to the learned port only', () => {
    const { sw, nics } = lan();
    const ping = frame(MACS[1], MACS[0], 0x0800, [0x70, 0x69]);
    expect(send(nics[0], ping) & 0b100).toBe(0);
    expect(receiveAll(nics[1])).toEqual([ping]);
    expect(receiveAll(nics[2])).toEqual([ping]); // flooded: B was not known yet
    const pong = frame(MACS[0], MACS[1], 0x0800, [0x6f]);
    send(nics[1], pong);
    expect(receiveAll(nics[0])).toEqual([pong]);
    expect(receiveAll(nics[2])).toEqual([]); // A was learned on port 0
    expect(sw.macTable()).toEqual([
      { mac: MACS[0], port: 0 },
      { mac: MACS[1], port: 1 }
    ]);
  });

  it('broadcast reaches every other port, in port order, never the sender', () => {
    const { nics } = lan();
    const hello = frame('ff:ff:ff:ff:ff:ff', MACS[2], 0x0806, []);
    send(nics[2], hello);
    expect(receiveAll(nics[0])).toEqual([hello]);
    expect(receiveAll(nics[1])).toEqual([hello]);
    expect(receiveAll(nics[2])).toEqual([]);
  });

  it('IRQ3 rises on arrival with IRQ_EN set; reading ISR lowers it', () => {
    const { nics, irqs } = lan();
    nics[1].write8(0xc16, 1);
    send(nics[0], frame(MACS[1], MACS[0], 0x0800, [1]));
    send(nics[0], frame(MACS[1], MACS[0], 0x0800, [2]));
    expect(irqs[1]).toEqual([true]);
    expect(nics[1].read8(0xc17)).toBe(1);
    expect(irqs[1]).toEqual([true, false]);
    expect(receiveAll(nics[1])).toHaveLength(2);
    expect(irqs[2]).toEqual([]); // port 2 got the flood but its IRQ is not enabled
  });

  it('a full receive queue drops with a reason and sets RX_LOST', () => {
    const { sw, nics } = lan();
    send(nics[1], frame(MACS[0], MACS[1], 0x0800, [])); // teach B
    for (let i = 0; i < 10; i++) send(nics[0], frame(MACS[1], MACS[0], 0x0800, [i]));
    expect(sw.counters(1).received).toBe(8);
    expect(sw.counters(1).dropped['receive-queue-full']).toBe(2);
    expect(nics[1].read8(0xc11) & 0b1000).toBe(0b1000);
    expect(nics[1].read8(0xc11) & 0b1000).toBe(0); // cleared by the read
  });
});

describe('allow rules and drops by reason', () => {
  const cases: { name: string; rules: PortRules; bytes: number[]; reason: string | null }[] = [
    { name: 'runt', rules: {}, bytes: [1, 2, 3], reason: 'runt' },
    {
      name: 'oversize',
      rules: {},
      bytes: frame(MACS[1], MACS[0], 0x0800, new Array(257).fill(0)),
      reason: 'oversize'
    },
    {
      name: 'largest payload',
      rules: {},
      bytes: frame(MACS[1], MACS[0], 0x0800, new Array(256).fill(0)),
      reason: null
    },
    {
      name: 'spoofed source',
      rules: {},
      bytes: frame(MACS[1], MACS[2], 0x0800, []),
      reason: 'spoofed-source'
    },
    {
      name: 'spoofing allowed',
      rules: { allowSpoofing: true },
      bytes: frame(MACS[1], MACS[2], 0x0800, []),
      reason: null
    },
    {
      name: 'destination allowed',
      rules: { allowDestinations: [MACS[1].toUpperCase()] },
      bytes: frame(MACS[1], MACS[0], 0x0800, []),
      reason: null
    },
    {
      name: 'destination not allowed',
      rules: { allowDestinations: [MACS[1]] },
      bytes: frame(MACS[2], MACS[0], 0x0800, []),
      reason: 'destination-not-allowed'
    },
    {
      name: 'broadcast not listed',
      rules: { allowDestinations: [MACS[1]] },
      bytes: frame('ff:ff:ff:ff:ff:ff', MACS[0], 0x0806, []),
      reason: 'destination-not-allowed'
    },
    {
      name: 'type not allowed',
      rules: { allowTypes: [0x0800] },
      bytes: frame(MACS[1], MACS[0], 0x86dd, []),
      reason: 'type-not-allowed'
    },
    { name: 'to itself', rules: {}, bytes: frame(MACS[0], MACS[0], 0x0800, []), reason: 'same-port' }
  ];
  it.each(cases)('$name → $reason', ({ rules, bytes, reason }) => {
    const { sw, nics } = lan([rules]);
    const status = send(nics[0], bytes);
    const counters = sw.counters(0);
    const dropped = Object.entries(counters.dropped).filter(([, n]) => n > 0);
    expect(dropped).toEqual(reason === null ? [] : [[reason, 1]]);
    expect((status & 0b100) !== 0).toBe(reason !== null);
    expect(counters.sent).toBe(reason === null ? 1 : 0);
  });

  it('VLANs: no flooding across, unicast to another VLAN dropped', () => {
    const { sw, nics } = lan([{ vlan: 1 }, { vlan: 2 }, { vlan: 1 }]);
    send(nics[1], frame('ff:ff:ff:ff:ff:ff', MACS[1], 0x0806, []));
    expect(receiveAll(nics[0])).toEqual([]);
    expect(receiveAll(nics[2])).toEqual([]);
    send(nics[0], frame(MACS[1], MACS[0], 0x0800, []));
    expect(sw.counters(0).dropped.vlan).toBe(1);
    expect(receiveAll(nics[1])).toEqual([]);
  });
});

describe('state() / restore()', () => {
  it('NIC mid-frame and switch table/counters: restored copies behave the same', () => {
    const a = lan([{}, { allowTypes: [0x0800] }]);
    send(a.nics[1], frame(MACS[0], MACS[1], 0x0800, [9]));
    send(a.nics[0], frame(MACS[1], MACS[0], 0x0800, [1, 2, 3]));
    a.nics[1].read8(0xc10);
    a.nics[1].write8(0xc10, 0xaa); // half-written transmit buffer
    const savedNic = structuredClone(a.nics[1].state());
    const savedSwitch = structuredClone(a.sw.state());
    const b = lan();
    b.sw.restore(savedSwitch);
    b.nics[1].restore(savedNic);
    expect(b.sw.state()).toEqual(a.sw.state());
    const script = (l: typeof a): unknown[] => [
      receiveAll(l.nics[1]),
      send(l.nics[1], [0xbb, 0xcc]),
      send(l.nics[1], frame(MACS[0], MACS[1], 0x86dd, [])),
      l.sw.counters(1),
      formatMac(Array.from({ length: 6 }, (_, i) => l.nics[1].read8(0xc18 + i)))
    ];
    expect(script(b)).toEqual(script(a));
  });
});
