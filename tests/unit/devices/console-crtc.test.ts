// The debug console (port E9h: Bochs "port E9 hack" — each OUT is one byte of output, IN answers E9h) and the
// CRTC index/data pair (IBM PC Technical Reference, CGA: 3D4h selects a 6845 register, 3D5h reads/writes it;
// R14/R15 = cursor location high/low).
import { describe, expect, it } from 'vitest';
import { DebugConsole } from '$lib/emu/devices/debug-console';
import { Crtc } from '$lib/emu/devices/crtc';

describe('debug console E9h', () => {
  it('collects written bytes in order; taking them empties the buffer', () => {
    const e9 = new DebugConsole();
    for (const c of 'Hi\n') e9.write8(0xe9, c.charCodeAt(0));
    expect(e9.peekText()).toBe('Hi\n');
    expect(Array.from(e9.takeOutput())).toEqual([0x48, 0x69, 0x0a]);
    expect(e9.takeOutput()).toHaveLength(0);
  });

  it('reads E9h (presence check)', () => {
    expect(new DebugConsole().read8()).toBe(0xe9);
  });

  it('state() / restore() keeps output not yet taken', () => {
    const a = new DebugConsole();
    a.write8(0xe9, 0x41);
    const b = new DebugConsole();
    b.restore(structuredClone(a.state()));
    a.write8(0xe9, 0x42);
    b.write8(0xe9, 0x42);
    expect(b.takeOutput()).toEqual(a.takeOutput());
  });
});

describe('CRTC 3D4h/3D5h', () => {
  it.each([
    { high: 0x00, low: 0x00, offset: 0 },
    { high: 0x00, low: 0x50, offset: 80 }, // row 1, column 0
    { high: 0x07, low: 0xcf, offset: 1999 } // row 24, column 79
  ])('cursor R14 = $high, R15 = $low → offset $offset', ({ high, low, offset }) => {
    const crtc = new Crtc();
    crtc.write8(0x3d4, 0x0e);
    crtc.write8(0x3d5, high);
    crtc.write8(0x3d4, 0x0f);
    crtc.write8(0x3d5, low);
    expect(crtc.cursorOffset).toBe(offset);
    crtc.write8(0x3d4, 0x0e);
    expect(crtc.read8(0x3d5)).toBe(high);
    expect(crtc.read8(0x3d4)).toBe(0x0e);
  });

  it('state() / restore() round trip', () => {
    const a = new Crtc();
    a.write8(0x3d4, 0x0f);
    a.write8(0x3d5, 0x22);
    const b = new Crtc();
    b.restore(structuredClone(a.state()));
    expect(b.read8(0x3d5)).toBe(0x22);
    expect(b.cursorOffset).toBe(a.cursorOffset);
  });
});
