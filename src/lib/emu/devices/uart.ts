// COM1: a 16550 UART subset at 3F8h–3FFh on IRQ4. Registers RBR/THR, IER, IIR/FCR, LCR (DLAB and the divisor
// latch, stored), MCR, LSR, MSR, SCR. Transmission is instantaneous: a byte written to THR goes straight to the
// host (takeOutput()), so THR is always empty again. Bytes from the host arrive through receive(). Reference:
// National Semiconductor PC16550D datasheet, "Registers" (Table II) and "Interrupt Identification Register"
// (priorities); IBM PC Technical Reference, "Asynchronous Communications Adapter": the INTRPT output reaches
// IRQ4 only when MCR bit 3 (OUT2) is 1, so a driver sets OUT2 as on a PC.
// Not modelled: line speed (the divisor is stored only), loopback, modem status changes, overrun (the receive
// FIFO is unbounded), the FIFO trigger levels and character timeout. The interrupt line is a level, as on a
// 16550: a driver drains the receiver (looping on IIR) before it sends EOI, as on a PC.

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';
import { IRQ_COM1, type IrqSink } from './irq';

export const COM1_BASE: Port = 0x3f8;
/** Register offsets from the base. */
export const UART_DATA = 0;
export const UART_IER = 1;
export const UART_IIR = 2;
export const UART_LCR = 3;
export const UART_MCR = 4;
export const UART_LSR = 5;
export const UART_MSR = 6;
export const UART_SCR = 7;
/** IER bits: received data available, THR empty, receiver line status, modem status. */
export const IER_RX_DATA = 0b0001;
export const IER_THR_EMPTY = 0b0010;
/** IIR values: no interrupt pending (bit 0 = 1), THR empty (2), received data available (4). */
export const IIR_NONE = 0x01;
export const IIR_THR_EMPTY = 0x02;
export const IIR_RX_DATA = 0x04;
/** With FCR bit 0 set, IIR bits 7–6 read 11 (FIFOs enabled). */
export const IIR_FIFOS_ENABLED = 0b1100_0000;
/** LCR bit 7: divisor latch access (registers 0 and 1 become DLL and DLM). */
export const LCR_DLAB = 0b1000_0000;
/** MCR bit 3: OUT2, which gates the interrupt onto IRQ4 on the PC's adapter. */
export const MCR_OUT2 = 0b0000_1000;
/** LSR bits: data ready, THR empty, transmitter empty. */
export const LSR_DATA_READY = 0b0000_0001;
export const LSR_THR_EMPTY = 0b0010_0000;
export const LSR_TRANSMITTER_EMPTY = 0b0100_0000;
/** MSR as a connected null-modem cable shows it: DCD, DSR, CTS. */
const MSR_CONNECTED = 0b1011_0000;

export interface UartState {
  rx: number[];
  tx: number[];
  ier: number;
  lcr: number;
  mcr: number;
  fcr: number;
  scratch: number;
  divisor: number;
  /** The THR-empty interrupt is pending (set when THR empties or ETBEI is enabled; cleared by IIR read or THR write). */
  thrEmptyPending: boolean;
  irqLevel: boolean;
}

export class Uart implements IoDevice {
  readonly name = 'COM1 16550';
  private s: UartState = initialState();

  constructor(
    private readonly irq: IrqSink,
    private readonly base: Port = COM1_BASE,
    private readonly line: number = IRQ_COM1
  ) {}

  /** Bytes arriving on the serial line from the host (or another VM). */
  receive(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.s.rx.push(bytes[i] & 0xff);
    this.update();
  }

  /** The bytes the guest transmitted since the last call. */
  takeOutput(): Uint8Array {
    const bytes = Uint8Array.from(this.s.tx);
    this.s.tx = [];
    return bytes;
  }

  read8(port: Port): number {
    const s = this.s;
    const dlab = (s.lcr & LCR_DLAB) !== 0;
    switch ((port - this.base) & 7) {
      case UART_DATA: {
        if (dlab) return s.divisor & 0xff;
        const byte = s.rx.length > 0 ? (s.rx.shift() as number) : 0;
        this.update();
        return byte;
      }
      case UART_IER:
        return dlab ? s.divisor >> 8 : s.ier;
      case UART_IIR: {
        const id = this.identify();
        // Reading IIR when it reports THR empty clears that interrupt (16550 datasheet, Table IV).
        if (id === IIR_THR_EMPTY) {
          s.thrEmptyPending = false;
          this.update();
        }
        return id | (s.fcr & 1 ? IIR_FIFOS_ENABLED : 0);
      }
      case UART_LCR:
        return s.lcr;
      case UART_MCR:
        return s.mcr;
      case UART_LSR:
        return LSR_THR_EMPTY | LSR_TRANSMITTER_EMPTY | (s.rx.length > 0 ? LSR_DATA_READY : 0);
      case UART_MSR:
        return MSR_CONNECTED;
      default:
        return s.scratch;
    }
  }

  write8(port: Port, value: number): void {
    const s = this.s;
    const dlab = (s.lcr & LCR_DLAB) !== 0;
    switch ((port - this.base) & 7) {
      case UART_DATA:
        if (dlab) s.divisor = (s.divisor & 0xff00) | value;
        else {
          s.tx.push(value & 0xff);
          s.thrEmptyPending = true; // sent at once: THR is empty again
        }
        break;
      case UART_IER:
        if (dlab) s.divisor = (s.divisor & 0xff) | (value << 8);
        else {
          // Enabling ETBEI while THR is empty raises the THR-empty interrupt at once.
          if (value & IER_THR_EMPTY && !(s.ier & IER_THR_EMPTY)) s.thrEmptyPending = true;
          s.ier = value & 0x0f;
        }
        break;
      case UART_IIR:
        s.fcr = value & 0b1100_1001; // FCR: stored (bit 1/2 reset the FIFOs, handled below)
        if (value & 0b10) s.rx = [];
        break;
      case UART_LCR:
        s.lcr = value;
        break;
      case UART_MCR:
        s.mcr = value & 0x1f;
        break;
      case UART_SCR:
        s.scratch = value;
        break;
      default:
        break; // LSR and MSR are read-only
    }
    this.update();
  }

  state(): UartState {
    return { ...this.s, rx: this.s.rx.slice(), tx: this.s.tx.slice() };
  }

  restore(state: UartState): void {
    this.s = { ...state, rx: state.rx.slice(), tx: state.tx.slice() };
    this.irq(this.line, this.s.irqLevel);
  }

  /** The highest-priority interrupt pending and enabled: received data above THR empty (16550 Table IV). */
  private identify(): number {
    const s = this.s;
    if (s.ier & IER_RX_DATA && s.rx.length > 0) return IIR_RX_DATA;
    if (s.ier & IER_THR_EMPTY && s.thrEmptyPending) return IIR_THR_EMPTY;
    return IIR_NONE;
  }

  private update(): void {
    const level = this.identify() !== IIR_NONE && (this.s.mcr & MCR_OUT2) !== 0;
    if (level !== this.s.irqLevel) {
      this.s.irqLevel = level;
      this.irq(this.line, level);
    }
  }
}

function initialState(): UartState {
  return {
    rx: [],
    tx: [],
    ier: 0,
    lcr: 0,
    mcr: 0,
    fcr: 0,
    scratch: 0,
    divisor: 0,
    thrEmptyPending: false,
    irqLevel: false
  };
}
