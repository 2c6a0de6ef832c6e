// The IVT panel's names and targets. Names from the IBM PC Technical Reference: 08h timer (IRQ 0), 09h keyboard
// (IRQ 1), 10h video, 13h disk, 16h keyboard services, 1Ah time of day, 20h/21h DOS.
import { describe, expect, it } from 'vitest';
import { changedVectors, readVectors, vectorName, vectorTarget } from '../../../../src/lib/ui/panels/ivt';

describe('vector names', () => {
  it.each([
    [0x08, 'timer'],
    [0x09, 'keyboard'],
    [0x10, 'video'],
    [0x13, 'disk'],
    [0x16, 'keyboard services'],
    [0x1a, 'time'],
    [0x20, 'DOS'],
    [0x21, 'DOS'],
    [0x0d, 'IRQ 5'],
    [0x74, 'IRQ 12'],
    [0x60, '']
  ])('%i → %s', (number, name) => {
    if (name === '') expect(vectorName(number)).toBe('');
    else expect(vectorName(number)).toContain(name);
  });

  it('says where a vector points', () => {
    expect(vectorTarget(0xf000, 0xfea5)).toBe('bios');
    expect(vectorTarget(0, 0)).toBe('unset');
    expect(vectorTarget(0x1000, 0x0150)).toBe('ram');
  });
});

describe('readVectors', () => {
  // INT 21h at 0000:0084 (21h * 4): offset 0150h, segment 1000h, little-endian: 50 01 00 10.
  const memory = new Uint8Array(1024);
  memory.set([0x50, 0x01, 0x00, 0x10], 0x21 * 4);
  memory.set([0xa5, 0xfe, 0x00, 0xf0], 0x08 * 4);

  it('reads offset then segment, little-endian', () => {
    const vectors = readVectors((a) => memory[a]);
    expect(vectors).toHaveLength(256);
    expect(vectors[0x21]).toMatchObject({ segment: 0x1000, offset: 0x0150, target: 'ram' });
    expect(vectors[0x08]).toMatchObject({ segment: 0xf000, offset: 0xfea5, target: 'bios' });
  });

  it('finds the vectors that changed', () => {
    const before = readVectors((a) => memory[a]);
    const after = memory.slice();
    after[0x09 * 4] = 0x12;
    expect([
      ...changedVectors(
        before,
        readVectors((a) => after[a])
      )
    ]).toEqual([0x09]);
    expect(changedVectors(null, before).size).toBe(0);
  });
});
