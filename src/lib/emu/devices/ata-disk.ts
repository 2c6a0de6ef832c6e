// ATA-lite: one PIO disk at the primary ATA ports 1F0h–1F7h (and the device control register at 3F6h), IRQ5,
// 512-byte sectors on a Uint8Array image, LBA28 addressing only. After ATA/ATAPI-4 (T13 1153D) §8 "Command
// descriptions" (READ SECTORS 20h, WRITE SECTORS 30h, IDENTIFY DEVICE ECh) and §9 "Protocol" (PIO data-in,
// PIO data-out): the device is infinitely fast, so BSY is never seen set.
//
// Port protocol (offsets from 1F0h):
//   1F0h  data, 16 bits (IN AX, DX / OUT DX, AX; 8-bit accesses move one byte)
//   1F1h  read: error (ABRT 04h unknown command or bad drive, IDNF 10h sector beyond the image); write: ignored
//   1F2h  sector count (0 means 256)
//   1F3h  LBA bits 0–7 · 1F4h LBA 8–15 · 1F5h LBA 16–23
//   1F6h  device/head: bits 0–3 LBA 24–27, bit 4 drive (only drive 0 exists), bit 6 LBA (assumed: no CHS)
//   1F7h  read: status (BSY 80h, DRDY 40h, DRQ 08h, ERR 01h; reading it clears the pending interrupt);
//         write: command
//   3F6h  read: alternate status (does not clear the interrupt); write: device control, bit 1 nIEN (1 = no IRQ)
// READ SECTORS: per sector the device fills its buffer, sets DRQ and raises IRQ5; the host reads 256 words; after
// the last sector DRQ falls. WRITE SECTORS: DRQ at once (no IRQ for the first sector); after each 256 words the
// sector goes to the image and IRQ5 is raised (DRQ again while sectors remain). Errors set ERR and the error
// register and raise IRQ5. The address registers keep the values written (they do not count up).

import type { IoDevice } from '../mem/ports';
import type { Port } from '../types';
import { IRQ_DISK, type IrqSink } from './irq';

export const ATA_BASE: Port = 0x1f0;
export const ATA_CONTROL_PORT: Port = 0x3f6;
export const SECTOR_SIZE = 512;
export const STATUS_BSY = 0x80;
export const STATUS_DRDY = 0x40;
export const STATUS_DRQ = 0x08;
export const STATUS_ERR = 0x01;
export const ERROR_ABRT = 0x04;
export const ERROR_IDNF = 0x10;
export const COMMAND_READ_SECTORS = 0x20;
export const COMMAND_READ_SECTORS_NO_RETRY = 0x21;
export const COMMAND_WRITE_SECTORS = 0x30;
export const COMMAND_WRITE_SECTORS_NO_RETRY = 0x31;
export const COMMAND_IDENTIFY = 0xec;
/** Device control (3F6h) bit 1: nIEN, interrupts disabled. */
export const CONTROL_NIEN = 0b0000_0010;
const DEVICE_DRIVE_1 = 0b0001_0000;

/** What the data port is doing: nothing, handing out a sector (or IDENTIFY data), or taking one in. */
const IDLE = 0;
const DATA_IN = 1;
const DATA_OUT = 2;

export interface AtaDiskState {
  /** The whole disk image (copied: a snapshot holds its own disk). */
  image: Uint8Array;
  registers: number[];
  status: number;
  error: number;
  control: number;
  phase: number;
  /** The sector being transferred, the sectors left after it, and the byte position in the buffer. */
  lba: number;
  remaining: number;
  position: number;
  buffer: Uint8Array;
  irqLevel: boolean;
}

export class AtaDisk implements IoDevice {
  readonly name = 'ATA-lite disk';
  private s: AtaDiskState;

  constructor(
    private readonly irq: IrqSink,
    image: Uint8Array = new Uint8Array(0)
  ) {
    this.s = {
      image,
      registers: [0, 0, 1, 0, 0, 0, 0b1110_0000, 0],
      status: STATUS_DRDY,
      error: 0,
      control: 0,
      phase: IDLE,
      lba: 0,
      remaining: 0,
      position: 0,
      buffer: new Uint8Array(SECTOR_SIZE),
      irqLevel: false
    };
  }

  /** The disk image the device reads and writes (the same array the host gave, or a restored copy). */
  get image(): Uint8Array {
    return this.s.image;
  }

  get sectorCount(): number {
    return Math.floor(this.s.image.length / SECTOR_SIZE);
  }

  read8(port: Port): number {
    const s = this.s;
    if (port === ATA_CONTROL_PORT) return s.status;
    const register = port - ATA_BASE;
    if (register === 0) return this.readDataByte();
    if (register === 1) return s.error;
    if (register === 7) {
      this.setIrq(false); // reading the status register acknowledges the interrupt (ATA §5.2.13: INTRQ)
      return s.status;
    }
    return s.registers[register];
  }

  read16(port: Port): number {
    if (port !== ATA_BASE) return this.read8(port) | (this.read8(port + 1) << 8);
    const low = this.readDataByte();
    return low | (this.readDataByte() << 8);
  }

  write8(port: Port, value: number): void {
    const s = this.s;
    if (port === ATA_CONTROL_PORT) {
      s.control = value;
      if (value & CONTROL_NIEN) this.setIrq(false);
      return;
    }
    const register = port - ATA_BASE;
    if (register === 0) this.writeDataByte(value);
    else if (register === 7) this.command(value);
    else s.registers[register] = value & 0xff;
  }

  write16(port: Port, value: number): void {
    if (port !== ATA_BASE) {
      this.write8(port, value & 0xff);
      this.write8(port + 1, value >> 8);
      return;
    }
    this.writeDataByte(value & 0xff);
    this.writeDataByte(value >> 8);
  }

  state(): AtaDiskState {
    const s = this.s;
    return { ...s, image: s.image.slice(), registers: s.registers.slice(), buffer: s.buffer.slice() };
  }

  restore(state: AtaDiskState): void {
    this.s = {
      ...state,
      image: state.image.slice(),
      registers: state.registers.slice(),
      buffer: state.buffer.slice()
    };
    this.irq(IRQ_DISK, this.s.irqLevel);
  }

  private command(value: number): void {
    const s = this.s;
    const r = s.registers;
    s.error = 0;
    s.phase = IDLE;
    s.status = STATUS_DRDY;
    if (r[6] & DEVICE_DRIVE_1) return this.fail(ERROR_ABRT); // no drive 1
    s.lba = r[3] | (r[4] << 8) | (r[5] << 16) | ((r[6] & 0x0f) << 24);
    s.remaining = r[2] || 256;
    s.position = 0;
    switch (value) {
      case COMMAND_READ_SECTORS:
      case COMMAND_READ_SECTORS_NO_RETRY:
        s.phase = DATA_IN;
        this.nextSectorIn();
        break;
      case COMMAND_WRITE_SECTORS:
      case COMMAND_WRITE_SECTORS_NO_RETRY:
        if (s.lba + s.remaining > this.sectorCount) return this.fail(ERROR_IDNF);
        s.phase = DATA_OUT;
        s.status = STATUS_DRDY | STATUS_DRQ; // PIO data-out: the first sector is asked for without an interrupt
        break;
      case COMMAND_IDENTIFY:
        s.buffer = identifyData(this.sectorCount);
        s.remaining = 0;
        s.phase = DATA_IN;
        s.status = STATUS_DRDY | STATUS_DRQ;
        this.setIrq(true);
        break;
      default:
        this.fail(ERROR_ABRT);
    }
  }

  /** PIO data-in: put the next sector in the buffer, DRQ, IRQ. */
  private nextSectorIn(): void {
    const s = this.s;
    if (s.lba >= this.sectorCount) return this.fail(ERROR_IDNF);
    s.buffer = s.image.slice(s.lba * SECTOR_SIZE, (s.lba + 1) * SECTOR_SIZE);
    s.lba++;
    s.remaining--;
    s.position = 0;
    s.status = STATUS_DRDY | STATUS_DRQ;
    this.setIrq(true);
  }

  private readDataByte(): number {
    const s = this.s;
    if (s.phase !== DATA_IN) return 0xff;
    const byte = s.buffer[s.position++];
    if (s.position === SECTOR_SIZE) {
      if (s.remaining > 0) this.nextSectorIn();
      else {
        s.phase = IDLE;
        s.status = STATUS_DRDY;
      }
    }
    return byte;
  }

  private writeDataByte(value: number): void {
    const s = this.s;
    if (s.phase !== DATA_OUT) return;
    s.buffer[s.position++] = value & 0xff;
    if (s.position < SECTOR_SIZE) return;
    s.image.set(s.buffer, s.lba * SECTOR_SIZE);
    s.lba++;
    s.remaining--;
    s.position = 0;
    if (s.remaining === 0) {
      s.phase = IDLE;
      s.status = STATUS_DRDY;
    }
    this.setIrq(true);
  }

  private fail(error: number): void {
    const s = this.s;
    s.error = error;
    s.phase = IDLE;
    s.status = STATUS_DRDY | STATUS_ERR;
    this.setIrq(true);
  }

  /** INTRQ: asserted per sector or completion unless nIEN; a new assertion is a fresh edge (low, then high). */
  private setIrq(level: boolean): void {
    const s = this.s;
    const driven = level && !(s.control & CONTROL_NIEN);
    if (driven) {
      if (s.irqLevel) this.irq(IRQ_DISK, false);
      this.irq(IRQ_DISK, true);
    } else if (s.irqLevel) this.irq(IRQ_DISK, false);
    s.irqLevel = driven;
  }
}

/** IDENTIFY DEVICE data (ATA-4 §8.12): words 1/3/6 a CHS geometry, 27–46 the model, 49 LBA, 60–61 sectors. */
function identifyData(sectors: number): Uint8Array {
  const words = new Uint16Array(256);
  words[0] = 0x0040; // fixed device
  words[1] = Math.min(16383, Math.max(1, Math.ceil(sectors / (16 * 63))));
  words[3] = 16;
  words[6] = 63;
  const model = 'HYPERSTEP ATA-LITE'.padEnd(40, ' ');
  for (let i = 0; i < 20; i++) words[27 + i] = (model.charCodeAt(2 * i) << 8) | model.charCodeAt(2 * i + 1);
  words[49] = 0x0200; // LBA supported
  words[60] = sectors & 0xffff;
  words[61] = sectors >>> 16;
  const bytes = new Uint8Array(SECTOR_SIZE);
  for (let i = 0; i < 256; i++) {
    bytes[2 * i] = words[i] & 0xff;
    bytes[2 * i + 1] = words[i] >> 8;
  }
  return bytes;
}
