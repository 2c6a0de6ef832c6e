// The ATA-lite disk. Expected behaviour from ATA/ATAPI-4 (T13 1153D): READ SECTORS (20h) and WRITE SECTORS (30h)
// with the PIO data-in / data-out protocols of §9.7 and §9.8 (data-in: DRQ and INTRQ per sector, the host reads
// 256 words; data-out: DRQ for the first sector without INTRQ, then INTRQ after each sector is written), sector
// count 0 meaning 256, LBA28 in 1F3h–1F6h; reading the status register clears INTRQ; nIEN (device control bit 1)
// masks INTRQ; an address beyond the medium ends with ERR and IDNF (10h) in the error register, an unknown
// command with ERR and ABRT (04h); IDENTIFY DEVICE (ECh) words 60–61 = addressable sectors.
import { describe, expect, it } from 'vitest';
import { AtaDisk } from '$lib/emu/devices/ata-disk';

const SECTORS = 8;

function setup(): { disk: AtaDisk; image: Uint8Array; irq: boolean[] } {
  const image = new Uint8Array(SECTORS * 512);
  for (let i = 0; i < image.length; i++) image[i] = (i * 7 + (i >> 9)) & 0xff;
  const irq: boolean[] = [];
  const disk = new AtaDisk((line, level) => {
    expect(line).toBe(5);
    irq.push(level);
  }, image);
  return { disk, image, irq };
}

function issue(disk: AtaDisk, command: number, lba: number, count: number): void {
  disk.write8(0x1f2, count);
  disk.write8(0x1f3, lba & 0xff);
  disk.write8(0x1f4, (lba >> 8) & 0xff);
  disk.write8(0x1f5, (lba >> 16) & 0xff);
  disk.write8(0x1f6, 0xe0 | ((lba >> 24) & 0x0f));
  disk.write8(0x1f7, command);
}

function readWords(disk: AtaDisk, words: number): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < words; i++) {
    const w = disk.read16(0x1f0);
    bytes.push(w & 0xff, w >> 8);
  }
  return bytes;
}

describe('READ SECTORS (20h), PIO data-in', () => {
  it.each([
    { lba: 0, count: 1 },
    { lba: 3, count: 2 },
    { lba: 5, count: 3 }
  ])('LBA $lba, $count sectors: the bytes of the image, DRQ and IRQ per sector', ({ lba, count }) => {
    const { disk, image, irq } = setup();
    issue(disk, 0x20, lba, count);
    const got: number[] = [];
    for (let s = 0; s < count; s++) {
      expect(irq.at(-1)).toBe(true);
      expect(disk.read8(0x1f7)).toBe(0x48); // DRDY | DRQ; the read clears INTRQ
      expect(irq.at(-1)).toBe(false);
      got.push(...readWords(disk, 256));
    }
    expect(disk.read8(0x1f7)).toBe(0x40);
    expect(got).toEqual(Array.from(image.subarray(lba * 512, (lba + count) * 512)));
    expect(irq.filter((l) => l)).toHaveLength(count);
  });

  it('8-bit reads of the data port move one byte each', () => {
    const { disk, image } = setup();
    issue(disk, 0x20, 1, 1);
    expect([disk.read8(0x1f0), disk.read8(0x1f0), disk.read8(0x1f0)]).toEqual(
      Array.from(image.subarray(512, 515))
    );
  });

  it('sector count 0 means 256 sectors (beyond this image: IDNF after the last one)', () => {
    const { disk } = setup();
    issue(disk, 0x20, 0, 0);
    for (let s = 0; s < SECTORS; s++) readWords(disk, 256);
    expect(disk.read8(0x1f7)).toBe(0x41); // DRDY | ERR: the 9th sector does not exist
    expect(disk.read8(0x1f1)).toBe(0x10);
  });
});

describe('WRITE SECTORS (30h), PIO data-out', () => {
  it('DRQ at once without IRQ; each sector lands in the image with an IRQ', () => {
    const { disk, image, irq } = setup();
    issue(disk, 0x30, 6, 2);
    expect(irq).toEqual([]);
    expect(disk.read8(0x1f7)).toBe(0x48);
    for (let i = 0; i < 256; i++) disk.write16(0x1f0, 0xa000 + i);
    expect(irq).toEqual([true]);
    expect(image[6 * 512]).toBe(0x00);
    expect(image[6 * 512 + 1]).toBe(0xa0);
    expect(image[6 * 512 + 511]).toBe(0xa0);
    expect(disk.read8(0x1f7)).toBe(0x48); // second sector wanted
    for (let i = 0; i < 256; i++) disk.write16(0x1f0, 0x5555);
    expect(irq).toEqual([true, false, true]);
    expect(disk.read8(0x1f7)).toBe(0x40);
    expect(Array.from(image.subarray(7 * 512, 8 * 512)).every((b) => b === 0x55)).toBe(true);
  });

  it('a write beyond the image is refused with IDNF, the image untouched', () => {
    const { disk, image } = setup();
    const before = image.slice();
    issue(disk, 0x30, 7, 2);
    expect(disk.read8(0x1f7)).toBe(0x41);
    expect(disk.read8(0x1f1)).toBe(0x10);
    for (let i = 0; i < 512; i++) disk.write16(0x1f0, 0);
    expect(image).toEqual(before);
  });
});

describe('errors, nIEN, IDENTIFY', () => {
  it.each([
    { command: 0x20, lba: SECTORS, error: 0x10 },
    { command: 0x99, lba: 0, error: 0x04 },
    { command: 0x20, lba: 0x0fffffff, error: 0x10 }
  ])('command $command at LBA $lba → ERR, error $error, IRQ', ({ command, lba, error }) => {
    const { disk, irq } = setup();
    issue(disk, command, lba, 1);
    expect(irq).toEqual([true]);
    expect(disk.read8(0x1f7)).toBe(0x41);
    expect(disk.read8(0x1f1)).toBe(error);
  });

  it('drive 1 does not exist: ABRT', () => {
    const { disk } = setup();
    disk.write8(0x1f6, 0xf0);
    disk.write8(0x1f7, 0x20);
    expect(disk.read8(0x1f1)).toBe(0x04);
  });

  it('nIEN masks INTRQ; the alternate status does not clear it', () => {
    const { disk, irq } = setup();
    disk.write8(0x3f6, 0x02);
    issue(disk, 0x20, 0, 1);
    expect(irq).toEqual([]);
    disk.write8(0x3f6, 0x00);
    issue(disk, 0x20, 0, 1);
    expect(disk.read8(0x3f6)).toBe(0x48);
    expect(irq).toEqual([true]);
  });

  it('IDENTIFY DEVICE reports the sector count in words 60–61', () => {
    const { disk } = setup();
    disk.write8(0x1f6, 0xa0);
    disk.write8(0x1f7, 0xec);
    const bytes = readWords(disk, 256);
    expect(bytes[120] | (bytes[121] << 8) | (bytes[122] << 16)).toBe(SECTORS);
    expect(disk.read8(0x1f7)).toBe(0x40);
  });
});

describe('state() / restore()', () => {
  it('mid-transfer: a restored copy reads the same bytes and owns its image', () => {
    const a = setup();
    issue(a.disk, 0x20, 2, 3);
    readWords(a.disk, 300);
    const saved = structuredClone(a.disk.state());
    const b = setup();
    b.disk.restore(saved);
    expect(readWords(b.disk, 468)).toEqual(readWords(a.disk, 468));
    issue(b.disk, 0x30, 0, 1);
    for (let i = 0; i < 256; i++) b.disk.write16(0x1f0, 0xffff);
    expect(b.disk.image[0]).toBe(0xff);
    expect(a.image[0]).toBe(0x00);
    expect(saved.image[0]).toBe(0x00);
  });
});
