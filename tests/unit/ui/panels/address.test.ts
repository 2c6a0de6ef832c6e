// The memory panel's go-to box and the register editor's input: what they accept and what they say otherwise.
// Linear addresses worked out by hand: segment * 16 + offset (1000:0100 → 10000h + 100h = 10100h).
import { describe, expect, it } from 'vitest';
import type { Registers } from '$lib/emu';
import { parseAddress, parseHex, segOffIn } from '../../../../src/lib/ui/panels/address';
import { parseRegisterValue } from '../../../../src/lib/ui/panels/register-edit';

const REGISTERS: Registers = {
  ax: 0,
  bx: 0x0200,
  cx: 0,
  dx: 0,
  si: 0x0010,
  di: 0x0020,
  bp: 0xfff0,
  sp: 0xfffe,
  cs: 0x1000,
  ds: 0x2000,
  es: 0x3000,
  ss: 0x4000,
  ip: 0x0105,
  flags: 0xf002
};
const labels = new Map([['sum_loop', 0x105]]);
const context = { registers: REGISTERS, labels, labelSegment: 0x1000 };

describe('parseAddress', () => {
  it.each([
    ['1000:0100', 0x1000, 0x0100, 0x10100],
    ['1000:100h', 0x1000, 0x0100, 0x10100],
    ['0x1000:0x100', 0x1000, 0x0100, 0x10100],
    ['ffff:0010', 0xffff, 0x0010, 0x00000], // the 8086's 1 MiB wrap: FFFF0h + 10h = 100000h → 0
    ['ds:si', 0x2000, 0x0010, 0x20010],
    ['SS:SP', 0x4000, 0xfffe, 0x4fffe],
    ['es:di', 0x3000, 0x0020, 0x30020],
    ['cs:ip', 0x1000, 0x0105, 0x10105],
    ['ds:0100', 0x2000, 0x0100, 0x20100],
    ['sum_loop', 0x1000, 0x0105, 0x10105]
  ])('%s → %s:%s = linear %s', (text, segment, offset, linear) => {
    expect(parseAddress(text, context)).toEqual({ ok: true, address: { segment, offset, linear } });
  });

  it.each([
    ['0x10100', 0x10100],
    ['10100h', 0x10100],
    ['10100', 0x10100],
    ['0', 0]
  ])('%s is the linear address %s', (text, linear) => {
    const result = parseAddress(text, context);
    expect(result.ok && result.address.linear).toBe(linear);
    expect(result.ok && result.address.segment).toBe(null);
  });

  it.each([
    ['', 'Type an address'],
    ['zz', "'zz' is not an address or a label"],
    ['0x100000', 'beyond 1 MiB'],
    ['1000:10000', 'does not fit in 16 bits'],
    ['xs:0100', "'xs' is not a segment"],
    ['ds:qq', "'qq' is not an offset"]
  ])('%j is refused: %s', (text, message) => {
    const result = parseAddress(text, context);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('needs registers for a register pair', () => {
    const result = parseAddress('ds:si', { registers: null });
    expect(result.ok).toBe(false);
  });
});

describe('parseHex and segOffIn', () => {
  it('reads the three ways of writing hex', () => {
    expect([parseHex('1F'), parseHex('0x1f'), parseHex('1fh'), parseHex('g1'), parseHex('')]).toEqual([
      31,
      31,
      31,
      null,
      null
    ]);
  });

  it('names a row in the view segment when it is inside it, else normalised', () => {
    expect(segOffIn(0x1000, 0x10100)).toEqual({ segment: 0x1000, offset: 0x0100 });
    // 0FFF0h is below segment 1000h's first byte (10000h): normalised 0FFF:0000.
    expect(segOffIn(0x1000, 0x0fff0)).toEqual({ segment: 0x0fff, offset: 0 });
  });
});

describe('parseRegisterValue', () => {
  it.each([
    ['1234', 0x1234],
    ['0x00ff', 0xff],
    ['BEEFh', 0xbeef],
    [' a ', 0xa]
  ])('%j → %s', (text, value) => expect(parseRegisterValue(text)).toBe(value));

  it.each([
    ['', 'Type a value in hex'],
    ['12g4', 'is not hex'],
    ['12345', 'does not fit in 16 bits']
  ])('%j → a message: %s', (text, message) => expect(parseRegisterValue(text)).toContain(message));
});
