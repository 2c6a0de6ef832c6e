// A simple NIC at C10h–C1Fh on IRQ3: frames {dst MAC 6, src MAC 6, type 2, payload ≤ 256} go byte by byte
// through a data port; the card is cabled to a VirtualSwitch (vswitch.ts), which delivers frames into its receive
// queue. Our own design (no real chip); the register file is small so a lesson can show every access.
//
// Port protocol (offsets from C10h):
//   C10h  DATA      write: append one byte to the transmit buffer (a frame over 270 bytes is dropped);
//                   read: the next byte of the current received frame (00h past its end)
//   C11h  COMMAND   write: 01h SEND (hand the transmit buffer to the switch, then empty it), 02h RX_NEXT (drop the
//                   current received frame; the next one becomes current), 04h TX_CLEAR (empty the transmit buffer)
//         STATUS    read: bit 0 RX_READY (a received frame is current), bit 1 LINK (cabled to a switch),
//                   bit 2 TX_DROPPED (the switch refused the last frame sent), bit 3 RX_LOST (a frame was lost
//                   because the receive queue was full; cleared by reading STATUS)
//   C12h  RX_LEN    read: length of the current received frame, low byte (C13h: high byte); 0 when none
//   C14h  TX_LEN    read: bytes in the transmit buffer, low byte (C15h: high byte)
//   C16h  IRQ_EN    read/write: bit 0 enables the receive interrupt
//   C17h  ISR       read: bit 0 a frame arrived since the last read; reading clears it (and lowers IRQ3)
//   C18h–C1Dh MAC   read: the card's MAC address
// IRQ3 is high while IRQ_EN bit 0 and ISR bit 0 are both set: one edge per arrival batch; a driver reads ISR,
// then takes frames while STATUS bit 0 is set (RX_NEXT after each), then sends EOI. The receive queue holds
// RX_QUEUE_FRAMES frames.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';
import { IRQ_NIC, type IrqSink } from './irq';

export const NIC_BASE: Port = 0xc10;
export const NIC_DATA = 0x0;
export const NIC_COMMAND = 0x1;
export const NIC_RX_LEN = 0x2;
export const NIC_TX_LEN = 0x4;
export const NIC_IRQ_ENABLE = 0x6;
export const NIC_ISR = 0x7;
export const NIC_MAC = 0x8;
export const COMMAND_SEND = 0x01;
export const COMMAND_RX_NEXT = 0x02;
export const COMMAND_TX_CLEAR = 0x04;
export const STATUS_RX_READY = 0b0001;
export const STATUS_LINK = 0b0010;
export const STATUS_TX_DROPPED = 0b0100;
export const STATUS_RX_LOST = 0b1000;
/** Header: destination MAC, source MAC, type. */
export const FRAME_HEADER = 14;
export const MAX_PAYLOAD = 256;
export const MAX_FRAME = FRAME_HEADER + MAX_PAYLOAD;
export const RX_QUEUE_FRAMES = 8;

/** What the NIC is cabled to: it hands over a frame and learns whether the switch accepted it. */
export type NicLink = (frame: Uint8Array) => boolean;

export interface NicState {
  mac: number[];
  tx: number[];
  rx: number[][];
  rxPosition: number;
  irqEnable: number;
  isr: number;
  txDropped: boolean;
  rxLost: boolean;
  irqLevel: boolean;
}

export class Nic implements IoDevice {
  readonly name = 'NIC';
  private s: NicState;
  private link: NicLink | null = null;

  constructor(
    private readonly irq: IrqSink,
    mac: ArrayLike<number> | string = '02:00:00:00:00:01',
    private readonly base: Port = NIC_BASE,
    private readonly line: number = IRQ_NIC
  ) {
    this.s = {
      mac: typeof mac === 'string' ? parseMac(mac) : Array.from(mac),
      tx: [],
      rx: [],
      rxPosition: 0,
      irqEnable: 0,
      isr: 0,
      txDropped: false,
      rxLost: false,
      irqLevel: false
    };
  }

  /** The card's MAC address as "aa:bb:cc:dd:ee:ff". */
  get mac(): string {
    return formatMac(this.s.mac);
  }

  /** Cable the card to a switch port (VirtualSwitch.connect does this), or unplug it (null). */
  attach(link: NicLink | null): void {
    this.link = link;
  }

  /** A frame from the switch: queued (IRQ3 if enabled), or false when the receive queue is full. */
  deliver(frame: Uint8Array): boolean {
    const s = this.s;
    if (s.rx.length >= RX_QUEUE_FRAMES) {
      s.rxLost = true;
      return false;
    }
    s.rx.push(Array.from(frame));
    s.isr |= 1;
    this.update();
    return true;
  }

  /** Frames waiting in the receive queue. */
  get pendingFrames(): number {
    return this.s.rx.length;
  }

  read8(port: Port): number {
    const s = this.s;
    const offset = (port - this.base) & 0xf;
    const current = s.rx.length > 0 ? s.rx[0] : null;
    switch (offset) {
      case NIC_DATA:
        return current !== null && s.rxPosition < current.length ? current[s.rxPosition++] : 0;
      case NIC_COMMAND: {
        const status =
          (current !== null ? STATUS_RX_READY : 0) |
          (this.link !== null ? STATUS_LINK : 0) |
          (s.txDropped ? STATUS_TX_DROPPED : 0) |
          (s.rxLost ? STATUS_RX_LOST : 0);
        s.rxLost = false;
        return status;
      }
      case NIC_RX_LEN:
        return (current?.length ?? 0) & 0xff;
      case NIC_RX_LEN + 1:
        return (current?.length ?? 0) >> 8;
      case NIC_TX_LEN:
        return s.tx.length & 0xff;
      case NIC_TX_LEN + 1:
        return s.tx.length >> 8;
      case NIC_IRQ_ENABLE:
        return s.irqEnable;
      case NIC_ISR: {
        const isr = s.isr;
        s.isr = 0;
        this.update();
        return isr;
      }
      default:
        return offset >= NIC_MAC && offset < NIC_MAC + 6 ? s.mac[offset - NIC_MAC] : 0;
    }
  }

  write8(port: Port, value: number): void {
    const s = this.s;
    const offset = (port - this.base) & 0xf;
    if (offset === NIC_DATA) {
      if (s.tx.length <= MAX_FRAME) s.tx.push(value & 0xff);
    } else if (offset === NIC_COMMAND) {
      if (value & COMMAND_SEND) this.send();
      if (value & COMMAND_RX_NEXT && s.rx.length > 0) {
        s.rx.shift();
        s.rxPosition = 0;
      }
      if (value & COMMAND_TX_CLEAR) s.tx = [];
    } else if (offset === NIC_IRQ_ENABLE) {
      s.irqEnable = value & 1;
      this.update();
    }
  }

  state(): NicState {
    const s = this.s;
    return { ...s, mac: s.mac.slice(), tx: s.tx.slice(), rx: s.rx.map((f) => f.slice()) };
  }

  restore(state: NicState): void {
    this.s = { ...state, mac: state.mac.slice(), tx: state.tx.slice(), rx: state.rx.map((f) => f.slice()) };
    this.irq(this.line, this.s.irqLevel);
  }

  private send(): void {
    const s = this.s;
    // An oversize frame (one byte past MAX_FRAME is kept) goes to the switch too, which counts it as dropped.
    s.txDropped = this.link === null || !this.link(Uint8Array.from(s.tx));
    s.tx = [];
  }

  private update(): void {
    const level = (this.s.irqEnable & this.s.isr & 1) !== 0;
    if (level !== this.s.irqLevel) {
      this.s.irqLevel = level;
      this.irq(this.line, level);
    }
  }
}

export function parseMac(text: string): number[] {
  const parts = text.split(/[:-]/).map((p) => parseInt(p, 16));
  if (parts.length !== 6 || parts.some((p) => !(p >= 0 && p <= 255)))
    throw new RangeError(`bad MAC address ${text}`);
  return parts;
}

export function formatMac(bytes: ArrayLike<number>): string {
  return Array.from({ length: 6 }, (_, i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join(':');
}
