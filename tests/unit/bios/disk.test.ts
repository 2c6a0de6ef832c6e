// INT 13h on the ATA-lite disk: CHS → LBA with the documented fixed geometry (16 heads, 63 sectors a track:
// LBA = (C × 16 + H) × 63 + S − 1), reads and writes against the disk image, and the RBIL INT 13h status
// conventions (CF and AH; AL = sectors transferred; AH=01h the last status; AH=08h the geometry).
import { beforeEach, describe, expect, it } from 'vitest';
import { assemble, flags } from '$lib/emu';
import { BiosMachine } from './bios-machine';
import { assembleCom } from './com';

const SECTOR = 512;
const SECTORS = 2 * 16 * 63; // two cylinders: 2016 sectors, 1 MiB
/** Byte i of sector lba in the test image: different for every sector and position. */
const pattern = (lba: number, i: number) => (lba * 7 + i * 13 + (lba >> 8)) & 0xff;

function makeImage(): Uint8Array {
  const image = new Uint8Array(SECTORS * SECTOR);
  for (let lba = 0; lba < SECTORS; lba++)
    for (let i = 0; i < SECTOR; i++) image[lba * SECTOR + i] = pattern(lba, i);
  return image;
}

let m: BiosMachine;
beforeEach(() => {
  m = new BiosMachine(makeImage());
});

/** Runs one INT 13h call from a .COM (ES = DS = 1000h) and returns the registers and CF after it. */
function int13(registers: string) {
  m.loadCom(
    assembleCom(`
        ${registers}
        int 0x13
        pushf
        pop bp
        hlt`)
  );
  expect(m.run(2_000_000).stop).toBe('halt');
  const r = m.machine.registers();
  return { ...r, cf: r.bp & flags.CF ? 1 : 0, ah: r.ax >> 8, al: r.ax & 0xff };
}

const memorySector = (address: number) =>
  Array.from(m.machine.memory.bytes.subarray(address, address + SECTOR));
const imageSector = (lba: number) => Array.from(m.disk.image.subarray(lba * SECTOR, (lba + 1) * SECTOR));
const expectedSector = (lba: number) => Array.from({ length: SECTOR }, (_, i) => pattern(lba, i));

describe('INT 13h AH=02h read', () => {
  it.each([
    // cylinder, head, sector → LBA
    [0, 0, 1, 0],
    [0, 0, 63, 62],
    [0, 1, 1, 63],
    [0, 15, 63, 1007],
    [1, 0, 1, 1008],
    [1, 2, 5, 1138]
  ])('C=%i H=%i S=%i is LBA %i', (c, h, s, lba) => {
    const cl = s | ((c >> 8) << 6);
    const r = int13(`mov ax, 0x0201
        mov cx, 0x${(((c & 0xff) << 8) | cl).toString(16)}
        mov dx, 0x${((h << 8) | 0x80).toString(16)}
        mov bx, 0x2000`);
    expect([r.cf, r.ah, r.al]).toEqual([0, 0, 1]);
    expect(memorySector(0x12000)).toEqual(expectedSector(lba));
  });

  it('reads several sectors one after another into ES:BX', () => {
    const r = int13(`mov ax, 0x0203
        mov cx, 0x0002
        mov dx, 0x0080
        mov bx, 0x4000`);
    expect([r.cf, r.ah, r.al]).toEqual([0, 0, 3]);
    for (let k = 0; k < 3; k++) expect(memorySector(0x14000 + k * SECTOR)).toEqual(expectedSector(1 + k));
  });

  it('keeps the registers other than AX and the flags', () => {
    const r = int13(`mov ax, 0x0201
        mov cx, 0x0001
        mov dx, 0x0080
        mov bx, 0x2000
        mov si, 0x1111
        mov di, 0x2222`);
    expect([r.bx, r.cx, r.dx, r.si, r.di, r.es, r.sp]).toEqual([
      0x2000, 0x0001, 0x0080, 0x1111, 0x2222, 0x1000, 0xfffe
    ]);
  });
});

describe('INT 13h AH=03h write', () => {
  it('writes ES:BX to the sectors; the image changes there and nowhere else', () => {
    const r = int13(`mov di, 0x2000
        mov cx, 1024
        mov al, 0xA5
fill:   stosb
        inc al
        loop fill
        mov ax, 0x0302
        mov cx, 0x0103          ; cylinder 1, sector 3
        mov dx, 0x0180          ; head 1
        mov bx, 0x2000`);
    expect([r.cf, r.ah, r.al]).toEqual([0, 0, 2]);
    const lba = (1 * 16 + 1) * 63 + 2;
    const written = Array.from({ length: 1024 }, (_, i) => (0xa5 + i) & 0xff);
    expect([...imageSector(lba), ...imageSector(lba + 1)]).toEqual(written);
    expect(imageSector(lba - 1)).toEqual(expectedSector(lba - 1));
    expect(imageSector(lba + 2)).toEqual(expectedSector(lba + 2));
  });
});

describe('INT 13h errors and the other services', () => {
  it.each([
    ['sector 0 (sectors count from 1)', 'mov ax, 0x0201\nmov cx, 0x0000\nmov dx, 0x0080', 0x01],
    ['zero sectors', 'mov ax, 0x0200\nmov cx, 0x0001\nmov dx, 0x0080', 0x01],
    ['drive 00h (no diskette)', 'mov ax, 0x0201\nmov cx, 0x0001\nmov dx, 0x0000', 0x01],
    ['an unknown function', 'mov ax, 0x4200\nmov dx, 0x0080', 0x01],
    [
      'a sector beyond the end of the disk: "sector not found"',
      'mov ax, 0x0201\nmov cx, 0x0201\nmov dx, 0x0080',
      0x04
    ]
  ])('%s: CF = 1, AH = %#x', (_name, setup, status) => {
    const r = int13(`${setup}\nmov bx, 0x2000`);
    expect([r.cf, r.ah]).toEqual([1, status]);
    expect(m.peek8(0x474)).toBe(status); // the last status, kept in the BDA
  });

  it('AH=01h returns the status of the last operation', () => {
    const r = int13(`mov ax, 0x0201
        mov cx, 0x0000
        mov dx, 0x0080
        int 0x13                ; fails: sector 0
        mov ah, 0x01
        mov dx, 0x0080`);
    expect([r.cf, r.ah]).toEqual([1, 0x01]);
  });

  it('AH=00h reset: CF = 0, AH = 0', () => {
    const r = int13('mov ax, 0x0000\nmov dx, 0x0080');
    expect([r.cf, r.ah]).toEqual([0, 0]);
  });

  it('AH=08h: last cylinder 1023, last sector 63, last head 15, one disk', () => {
    const r = int13('mov ax, 0x0800\nmov dx, 0x0080');
    expect([r.cf, r.ah]).toEqual([0, 0]);
    const lastCylinder = (r.cx >> 8) | ((r.cx & 0xc0) << 2);
    expect([lastCylinder, r.cx & 0x3f, r.dx >> 8, r.dx & 0xff]).toEqual([1023, 63, 15, 1]);
  });
});

describe('booting from the disk', () => {
  it('a boot image at 0000:7C00 loads sector 2 with INT 13h (DL from the BIOS) and prints it', () => {
    const image = new Uint8Array(SECTORS * SECTOR);
    const message = 'loaded from disk$';
    image.set(
      Array.from(message, (c) => c.charCodeAt(0)),
      1 * SECTOR
    );
    const boot = assemble(
      `bits 16
cpu 8086
org 0x7C00
        mov ax, 0x0201          ; read 1 sector
        mov cx, 0x0002          ; cylinder 0, sector 2
        mov dh, 0               ; head 0, DL = the boot drive as the BIOS left it
        mov bx, 0x8000          ; ES = 0 after the BIOS
        int 0x13
        jc failed
        mov si, 0x8000
next:   lodsb
        cmp al, '$'
        je done
        mov ah, 0x0E
        int 0x10
        jmp next
failed: mov ax, 0x0E21
        int 0x10
done:   cli
        hlt`,
      { fileName: 'boot.asm' }
    );
    expect(boot.diagnostics).toEqual([]);
    m = new BiosMachine(image);
    m.powerOn(boot.image);
    expect(m.run(1_000_000).stop).toBe('halt');
    expect(m.consoleText()).toBe('loaded from disk');
    expect(m.screenRow(0).trimEnd()).toBe('loaded from disk');
  });
});
