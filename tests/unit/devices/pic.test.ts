// The 8259A master, driven through its ports and lines. Expected behaviour from the Intel 8259A datasheet
// (231468): [ICW] "Initialization command words" (ICW1 resets IMR, sets IRR read, IR7 lowest priority; ICW2 is the
// vector base T7–T3; ICW3 only without SNGL, ICW4 only with IC4); [OCW1] IMR masks requests; [FNM] fully nested
// mode: IR0 highest, an in-service level blocks itself and lower levels; [EOI] OCW2 non-specific EOI resets the
// highest ISR bit, specific EOI the named one; [OCW3] RR/RIS select IRR or ISR for A0 = 0 reads; [EDGE] edge
// triggered mode: a request is an edge, a line held high does not request again; [INTA] with no request at
// INTA the 8259A gives IR7's vector (spurious) without setting ISR; [POLL] poll word 80h | level; [ROT] OCW2
// rotation ("rotate on non-specific EOI": the level reset becomes lowest; "set priority": L lowest), AEOI (ISR
// reset at the end of INTA) and level-triggered mode (LTIM: a request as long as the line is high).
import { describe, expect, it } from 'vitest';
import { Pic } from '$lib/emu/devices/pic';

/** ICW1 11h? (edge, cascade) — the IBM AT sends 11h, ICW2, ICW3, ICW4 01h; the single-PIC PC sends 13h. */
function initPic(pic: Pic, base = 0x08, mask = 0x00): void {
  pic.write8(0x20, 0x13); // ICW1: edge, single, ICW4 needed
  pic.write8(0x21, base); // ICW2
  pic.write8(0x21, 0x01); // ICW4: 8086 mode
  pic.write8(0x21, mask); // OCW1
}

function raise(pic: Pic, ...lines: number[]): void {
  for (const line of lines) pic.setIrq(line, true);
}

describe('8259A initialisation [ICW]', () => {
  it.each([
    { name: 'single + ICW4 (IBM PC)', words: [0x13, 0x08, 0x01], base: 0x08 },
    { name: 'cascade: ICW3 then ICW4 (IBM AT master)', words: [0x11, 0x20, 0x04, 0x01], base: 0x20 },
    { name: 'single, no ICW4', words: [0x12, 0x70], base: 0x70 },
    { name: 'ICW2 low bits ignored in 8086 mode', words: [0x13, 0x0d, 0x01], base: 0x08 }
  ])('$name: vector base $base', ({ words, base }) => {
    const pic = new Pic();
    pic.write8(0x20, words[0]);
    for (const w of words.slice(1)) pic.write8(0x21, w);
    expect(pic.read8(0x21)).toBe(0); // ICW1 cleared IMR; no OCW1 yet
    pic.write8(0x21, 0xfe); // now OCW1
    expect(pic.read8(0x21)).toBe(0xfe);
    raise(pic, 0);
    expect(pic.pendingVector()).toBe(base);
    expect(pic.acknowledge()).toBe(base);
  });

  it('requests wait while the ICW sequence is incomplete, and IRR is read after ICW1', () => {
    const pic = new Pic();
    pic.write8(0x20, 0x13);
    pic.setIrq(3, true);
    expect(pic.hasPending()).toBe(false);
    pic.write8(0x21, 0x08);
    pic.write8(0x21, 0x01);
    expect(pic.read8(0x20)).toBe(0b1000); // IRR
    expect(pic.pendingVector()).toBe(0x0b);
  });
});

describe('masking and priority [OCW1] [FNM]', () => {
  it.each([
    { lines: [0], mask: 0x00, vector: 0x08 },
    { lines: [0], mask: 0x01, vector: -1 },
    { lines: [3, 1, 5], mask: 0x00, vector: 0x09 },
    { lines: [3, 1, 5], mask: 0x02, vector: 0x0b },
    { lines: [7, 6], mask: 0x00, vector: 0x0e },
    { lines: [0, 1, 2, 3, 4, 5, 6, 7], mask: 0x7f, vector: 0x0f }
  ])('lines $lines under IMR $mask → vector $vector', ({ lines, mask, vector }) => {
    const pic = new Pic();
    initPic(pic, 0x08, mask);
    raise(pic, ...lines);
    expect(pic.pendingVector()).toBe(vector);
    expect(pic.hasPending()).toBe(vector >= 0);
  });

  it('unmasking a held request delivers it (IRR holds it while masked)', () => {
    const pic = new Pic();
    initPic(pic, 0x08, 0xff);
    raise(pic, 4);
    expect(pic.hasPending()).toBe(false);
    pic.write8(0x21, 0xef);
    expect(pic.pendingVector()).toBe(0x0c);
  });

  it.each([
    { serving: 3, request: 5, passes: false },
    { serving: 3, request: 3, passes: false },
    { serving: 3, request: 1, passes: true },
    { serving: 0, request: 7, passes: false },
    { serving: 7, request: 6, passes: true }
  ])('in service IR$serving, request IR$request passes: $passes', ({ serving, request, passes }) => {
    const pic = new Pic();
    initPic(pic);
    pic.setIrq(serving, true);
    expect(pic.acknowledge()).toBe(8 + serving);
    pic.setIrq(serving, false);
    pic.setIrq(request, true);
    expect(pic.pendingVector()).toBe(passes ? 8 + request : -1);
  });

  it('INTA moves the bit from IRR to ISR', () => {
    const pic = new Pic();
    initPic(pic);
    raise(pic, 2);
    pic.write8(0x20, 0x0b); // OCW3 read ISR
    expect(pic.read8(0x20)).toBe(0);
    pic.acknowledge();
    expect(pic.read8(0x20)).toBe(0b100);
    pic.write8(0x20, 0x0a); // OCW3 read IRR
    expect(pic.read8(0x20)).toBe(0);
  });
});

describe('end of interrupt [EOI] and register select [OCW3]', () => {
  it('a non-specific EOI clears the highest-priority ISR bit (nested: IR4 then IR1)', () => {
    const pic = new Pic();
    initPic(pic);
    raise(pic, 4);
    expect(pic.acknowledge()).toBe(0x0c);
    raise(pic, 1);
    expect(pic.acknowledge()).toBe(0x09);
    pic.write8(0x20, 0x0b);
    expect(pic.read8(0x20)).toBe(0b1_0010);
    pic.write8(0x20, 0x20); // non-specific EOI
    expect(pic.read8(0x20)).toBe(0b1_0000);
    pic.write8(0x20, 0x20);
    expect(pic.read8(0x20)).toBe(0);
  });

  it.each([
    { eoi: 0x64, isrAfter: 0b0000_0010 }, // specific EOI level 4
    { eoi: 0x61, isrAfter: 0b0001_0000 }, // specific EOI level 1
    { eoi: 0x67, isrAfter: 0b0001_0010 } // level 7 not in service: no change
  ])('specific EOI $eoi leaves ISR $isrAfter', ({ eoi, isrAfter }) => {
    const pic = new Pic();
    initPic(pic);
    raise(pic, 4);
    pic.acknowledge();
    raise(pic, 1);
    pic.acknowledge();
    pic.write8(0x20, eoi);
    pic.write8(0x20, 0x0b);
    expect(pic.read8(0x20)).toBe(isrAfter);
  });

  it('after EOI a lower pending request goes through', () => {
    const pic = new Pic();
    initPic(pic);
    raise(pic, 0);
    pic.acknowledge();
    pic.setIrq(0, false);
    raise(pic, 6);
    expect(pic.hasPending()).toBe(false);
    pic.write8(0x20, 0x20);
    expect(pic.pendingVector()).toBe(0x0e);
  });

  it('OCW3 with RR = 0 keeps the previous selection; A0 = 1 reads IMR', () => {
    const pic = new Pic();
    initPic(pic, 0x08, 0x5a);
    raise(pic, 0);
    pic.acknowledge();
    pic.setIrq(0, false);
    raise(pic, 0); // a new edge: IRR set while IR0 is in service
    pic.write8(0x20, 0x0b);
    expect(pic.read8(0x20)).toBe(1);
    pic.write8(0x20, 0x08); // OCW3, RR = 0
    expect(pic.read8(0x20)).toBe(1); // still ISR
    pic.write8(0x20, 0x0a);
    expect(pic.read8(0x20)).toBe(1); // IRR
    expect(pic.read8(0x21)).toBe(0x5a);
  });

  it('poll command: the next read is 80h | level and acts as INTA [POLL]', () => {
    const pic = new Pic();
    initPic(pic);
    raise(pic, 5);
    pic.write8(0x20, 0x0c);
    expect(pic.read8(0x20)).toBe(0x85);
    pic.write8(0x20, 0x0b);
    expect(pic.read8(0x20)).toBe(0b10_0000);
    pic.write8(0x20, 0x0c);
    expect(pic.read8(0x20)).toBe(0x00); // IR5 in service, nothing above it
  });
});

describe('edge triggering [EDGE] [INTA]', () => {
  it('a line held high requests once; low then high requests again', () => {
    const pic = new Pic();
    initPic(pic);
    pic.setIrq(1, true);
    expect(pic.acknowledge()).toBe(0x09);
    pic.write8(0x20, 0x20);
    pic.setIrq(1, true); // still high: no new edge
    expect(pic.hasPending()).toBe(false);
    pic.setIrq(1, false);
    pic.setIrq(1, true);
    expect(pic.pendingVector()).toBe(0x09);
  });

  it('a request withdrawn before INTA gives the spurious IR7 vector, ISR untouched', () => {
    const pic = new Pic();
    initPic(pic);
    pic.setIrq(2, true);
    pic.setIrq(2, false);
    expect(pic.hasPending()).toBe(false);
    expect(pic.acknowledge()).toBe(0x0f);
    pic.write8(0x20, 0x0b);
    expect(pic.read8(0x20)).toBe(0);
  });

  it('INTR output follows pending requests (the CPU pin)', () => {
    const pic = new Pic();
    const levels: boolean[] = [];
    pic.onIntrChange = (level) => levels.push(level);
    initPic(pic);
    pic.setIrq(0, true);
    pic.acknowledge();
    pic.setIrq(0, false);
    pic.setIrq(0, true); // IR0 in service: blocks itself
    pic.write8(0x20, 0x20);
    expect(levels).toEqual([true, false, true]);
  });
});

describe('rotation, automatic EOI and level triggering', () => {
  it.each([
    // [ROT] rotate on non-specific EOI (OCW2 A0h): the level just reset becomes the lowest priority.
    { name: 'rotate on non-specific EOI after IR2', command: 0xa0, serve: 2, requests: [1, 3], vector: 0x0b },
    // Set priority (OCW2 C0h | L): L becomes the lowest, L + 1 the highest.
    { name: 'set priority: IR4 lowest', command: 0xc4, serve: -1, requests: [0, 5, 7], vector: 0x0d },
    {
      name: 'set priority: IR7 lowest (the default)',
      command: 0xc7,
      serve: -1,
      requests: [0, 5, 7],
      vector: 0x08
    },
    // A plain non-specific EOI does not rotate: IR1 stays above IR3.
    { name: 'non-specific EOI keeps fixed priority', command: 0x20, serve: 2, requests: [1, 3], vector: 0x09 }
  ])('$name → vector $vector', ({ command, serve, requests, vector }) => {
    const pic = new Pic();
    initPic(pic);
    if (serve >= 0) {
      pic.setIrq(serve, true);
      pic.acknowledge();
    }
    pic.write8(0x20, command);
    raise(pic, ...requests);
    expect(pic.pendingVector()).toBe(vector);
  });

  it('AEOI (ICW4 bit 1): INTA leaves ISR clear, so a lower request passes at once', () => {
    const pic = new Pic();
    pic.write8(0x20, 0x13);
    pic.write8(0x21, 0x08);
    pic.write8(0x21, 0x03); // 8086 mode, AEOI
    pic.write8(0x21, 0x00);
    raise(pic, 0);
    expect(pic.acknowledge()).toBe(0x08);
    pic.write8(0x20, 0x0b);
    expect(pic.read8(0x20)).toBe(0);
    raise(pic, 6);
    expect(pic.pendingVector()).toBe(0x0e);
  });

  it('level-triggered (ICW1 LTIM): a line still high requests again after EOI', () => {
    const pic = new Pic();
    pic.write8(0x20, 0x1b); // LTIM, single, ICW4
    pic.write8(0x21, 0x08);
    pic.write8(0x21, 0x01);
    pic.write8(0x21, 0x00);
    pic.setIrq(4, true);
    expect(pic.acknowledge()).toBe(0x0c);
    pic.write8(0x20, 0x20);
    expect(pic.pendingVector()).toBe(0x0c);
    pic.setIrq(4, false);
    expect(pic.hasPending()).toBe(false);
  });
});

describe('state() / restore()', () => {
  it('a restored copy behaves exactly as the original from the same point', () => {
    const run = (pic: Pic): number[] => {
      const out: number[] = [];
      pic.setIrq(6, true);
      pic.setIrq(2, true);
      out.push(pic.acknowledge());
      pic.write8(0x20, 0x20);
      out.push(pic.acknowledge(), pic.read8(0x20), pic.read8(0x21));
      pic.setIrq(3, false);
      pic.setIrq(3, true);
      out.push(pic.pendingVector());
      return out;
    };
    const a = new Pic();
    initPic(a, 0x50, 0x10);
    a.setIrq(3, true);
    a.acknowledge();
    a.write8(0x20, 0x0b);
    const saved = structuredClone(a.state());
    const expected = run(a);
    const b = new Pic();
    b.restore(saved);
    expect(run(b)).toEqual(expected);
    expect(b.state()).toEqual(a.state());
  });
});
