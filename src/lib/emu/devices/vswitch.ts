// The virtual switch: a learning L2 switch that NICs (one per VM, or several on one board) are cabled to. It
// learns source MACs into a MAC table, forwards known unicast to one port, floods broadcast, multicast and unknown
// unicast to every other port of the same VLAN (in port order: delivery is deterministic), and applies per-port
// allow rules to what a port may send: which destination MACs, which ethertypes, and (unless allowed) no
// spoofed source MAC. Every dropped frame is counted with its reason. Delivery is synchronous: transmit() copies
// the frame into each destination NIC's receive queue, which raises that NIC's IRQ (virtualization.md §2.8).
// Frame layout: dst MAC 6, src MAC 6, type 2 (big-endian, as on Ethernet), payload 0–256 bytes.

import { FRAME_HEADER, MAX_FRAME, formatMac, type NicLink } from './nic';

/** What a switch port is cabled to: a Nic, or a hypervisor's own virtual NIC with the same three members. */
export interface SwitchEndpoint {
  readonly mac: string;
  deliver(frame: Uint8Array): boolean;
  attach(link: NicLink | null): void;
}

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

export const DROP_REASONS = [
  'runt',
  'oversize',
  'spoofed-source',
  'destination-not-allowed',
  'type-not-allowed',
  'same-port',
  'vlan',
  'receive-queue-full'
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** What a port may send. Lists left out (or null) allow everything. */
export interface PortRules {
  /** Destination MACs this port may send to (include ff:ff:ff:ff:ff:ff to allow broadcast). */
  allowDestinations?: string[] | null;
  /** Ethertypes this port may send. */
  allowTypes?: number[] | null;
  /** Frames whose source MAC is not the endpoint's own are dropped unless this is true. */
  allowSpoofing?: boolean;
  /** Ports exchange frames only within one VLAN (default 1). */
  vlan?: number;
}

export interface SwitchPortCounters {
  /** Frames this port sent that the switch accepted. */
  sent: number;
  /** Frames delivered into this port's NIC. */
  received: number;
  /** Frames dropped, by reason: at ingress for what this port sent, receive-queue-full for frames to it. */
  dropped: Record<DropReason, number>;
}

export interface VirtualSwitchState {
  macTable: { mac: string; port: number }[];
  ports: { rules: PortRules; counters: SwitchPortCounters }[];
}

interface SwitchPort {
  endpoint: SwitchEndpoint | null;
  rules: PortRules;
  counters: SwitchPortCounters;
}

export class VirtualSwitch {
  private readonly ports: SwitchPort[] = [];
  private readonly table = new Map<string, number>();

  /** Cable an endpoint to a new port; returns the port number (0, 1, …). */
  connect(endpoint: SwitchEndpoint, rules: PortRules = {}): number {
    const port = this.ports.length;
    this.ports.push({ endpoint, rules: { ...rules }, counters: emptyCounters() });
    endpoint.attach((frame) => this.transmit(port, frame));
    return port;
  }

  /** Unplug a port: its endpoint keeps no link, its MAC table entries are forgotten. */
  disconnect(port: number): void {
    const p = this.portAt(port);
    p.endpoint?.attach(null);
    p.endpoint = null;
    for (const [mac, owner] of [...this.table]) if (owner === port) this.table.delete(mac);
  }

  setRules(port: number, rules: PortRules): void {
    this.portAt(port).rules = { ...rules };
  }

  rules(port: number): PortRules {
    return { ...this.portAt(port).rules };
  }

  counters(port: number): SwitchPortCounters {
    const c = this.portAt(port).counters;
    return { ...c, dropped: { ...c.dropped } };
  }

  /** The learned MAC table, in the order the addresses were learned. */
  macTable(): { mac: string; port: number }[] {
    return [...this.table].map(([mac, port]) => ({ mac, port }));
  }

  /** A frame sent by the endpoint on `port`. Returns whether the switch accepted it (not dropped at ingress). */
  transmit(port: number, frame: Uint8Array): boolean {
    const source = this.portAt(port);
    const drop = (reason: DropReason): boolean => {
      source.counters.dropped[reason]++;
      return false;
    };
    if (frame.length < FRAME_HEADER) return drop('runt');
    if (frame.length > MAX_FRAME) return drop('oversize');
    const dst = formatMac(frame.subarray(0, 6));
    const src = formatMac(frame.subarray(6, 12));
    const type = (frame[12] << 8) | frame[13];
    const rules = source.rules;
    if (!rules.allowSpoofing && source.endpoint !== null && src !== source.endpoint.mac) {
      return drop('spoofed-source');
    }
    if (rules.allowDestinations && !rules.allowDestinations.map(normalMac).includes(dst)) {
      return drop('destination-not-allowed');
    }
    if (rules.allowTypes && !rules.allowTypes.includes(type)) return drop('type-not-allowed');
    // Learn first (a frame to oneself then counts as same-port), but never a group address as a source.
    if (!(frame[6] & 1)) {
      this.table.delete(src);
      this.table.set(src, port);
    }
    const vlan = rules.vlan ?? 1;
    const known = frame[0] & 1 ? undefined : this.table.get(dst);
    if (known !== undefined) {
      if (known === port) return drop('same-port');
      if ((this.ports[known].rules.vlan ?? 1) !== vlan) return drop('vlan');
      source.counters.sent++;
      this.deliver(known, frame);
      return true;
    }
    source.counters.sent++;
    for (let target = 0; target < this.ports.length; target++) {
      if (target !== port && (this.ports[target].rules.vlan ?? 1) === vlan) this.deliver(target, frame);
    }
    return true;
  }

  state(): VirtualSwitchState {
    return {
      macTable: this.macTable(),
      ports: this.ports.map((p) => ({
        rules: structuredClone(p.rules),
        counters: { ...p.counters, dropped: { ...p.counters.dropped } }
      }))
    };
  }

  /** Back to a saved table, rules and counters. The cabling stays as it is (ports beyond the state keep theirs). */
  restore(state: VirtualSwitchState): void {
    this.table.clear();
    for (const { mac, port } of state.macTable) this.table.set(mac, port);
    state.ports.forEach((saved, i) => {
      if (i >= this.ports.length) return;
      this.ports[i].rules = structuredClone(saved.rules);
      this.ports[i].counters = { ...saved.counters, dropped: { ...saved.counters.dropped } };
    });
  }

  private deliver(target: number, frame: Uint8Array): void {
    const port = this.ports[target];
    if (port.endpoint === null) return;
    if (port.endpoint.deliver(frame.slice())) port.counters.received++;
    else port.counters.dropped['receive-queue-full']++;
  }

  private portAt(port: number): SwitchPort {
    const p = this.ports[port];
    if (!p) throw new RangeError(`the switch has no port ${port}`);
    return p;
  }
}

function emptyCounters(): SwitchPortCounters {
  const dropped = {} as Record<DropReason, number>;
  for (const reason of DROP_REASONS) dropped[reason] = 0;
  return { sent: 0, received: 0, dropped };
}

function normalMac(mac: string): string {
  return mac.toLowerCase().replace(/-/g, ':');
}
