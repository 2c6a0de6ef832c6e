// The decoder as a pure function from bytes to an instruction, table-driven: each row gives the bytes and the
// fields the 8086 encoding rules give for them (Intel 8086 Family User's Manual, chapter 4: opcode, ModRM
// 2-3-3, disp8 sign-extended, disp16, immediates, prefixes). Rows list only the fields they check.
import { describe, expect, it } from 'vitest';
import {
  MAX_PREFIXES,
  REG16_NAMES,
  SEG_NAMES,
  bytesSource,
  decode,
  type ByteSource,
  type Instruction
} from '$lib/emu';

interface Decoded {
  length: number;
  mnemonic: string;
  /** Operand kinds joined by commas: "Ew,Ibs". */
  operands: string;
  status: string;
  prefixCount: number;
  /** Segment register named by a prefix, or null. */
  override: string | null;
  repeat: number;
  lock: boolean;
  twoByte: boolean;
  opcode: number;
  reg: number;
  memory: boolean;
  /** Registers summed into the effective address: "bx+si", "bp", "" (direct address). */
  ea: string | null;
  /** Segment of the memory operand, or null without one. */
  segment: string | null;
  disp: number;
  imm: number;
  imm2: number;
}

function view(i: Instruction): Decoded {
  return {
    length: i.length,
    mnemonic: i.entry.mnemonic,
    operands: i.entry.operands.join(','),
    status: i.entry.status,
    prefixCount: i.prefixCount,
    override: i.segmentOverride < 0 ? null : SEG_NAMES[i.segmentOverride],
    repeat: i.repeat,
    lock: i.lock,
    twoByte: i.twoByte,
    opcode: i.opcode,
    reg: i.reg,
    memory: i.memory,
    ea: i.memory ? [REG16_NAMES[i.base], REG16_NAMES[i.index]].filter(Boolean).join('+') : null,
    segment: i.memory ? SEG_NAMES[i.segment] : null,
    disp: i.disp,
    imm: i.imm,
    imm2: i.imm2
  };
}

type Row = [name: string, bytes: number[], expected: Partial<Decoded>];

const ROWS: Row[] = [
  // ---- plain forms and immediates ----
  ['NOP', [0x90], { length: 1, mnemonic: 'NOP', operands: '', memory: false, prefixCount: 0 }],
  ['MOV AX, 1234h', [0xb8, 0x34, 0x12], { length: 3, mnemonic: 'MOV', operands: 'AX,Iw', imm: 0x1234 }],
  ['MOV AL, 0FFh', [0xb0, 0xff], { length: 2, mnemonic: 'MOV', operands: 'AL,Ib', imm: 0x00ff }],
  [
    'ADD AX, −1 (83 /0, imm8 sign-extended)',
    [0x83, 0xc0, 0xff],
    { length: 3, mnemonic: 'ADD', operands: 'Ew,Ibs', imm: 0xffff, memory: false }
  ],
  ['SUB AX, 7Fh (83 /5)', [0x83, 0xe8, 0x7f], { length: 3, mnemonic: 'SUB', reg: 5, imm: 0x007f }],
  ['CMP AX, −80h (83 /7)', [0x83, 0xf8, 0x80], { length: 3, mnemonic: 'CMP', reg: 7, imm: 0xff80 }],
  [
    'ADD AL, 80h (80 /0: imm8 not extended)',
    [0x80, 0xc0, 0x80],
    { length: 3, mnemonic: 'ADD', operands: 'Eb,Ib', imm: 0x0080 }
  ],
  [
    'ADD BX, 1234h (81 /0)',
    [0x81, 0xc3, 0x34, 0x12],
    { length: 4, mnemonic: 'ADD', operands: 'Ew,Iw', imm: 0x1234 }
  ],
  [
    'CMP word [1234h], 5 (83 /7, disp16 then imm8)',
    [0x83, 0x3e, 0x34, 0x12, 0x05],
    { length: 5, mnemonic: 'CMP', memory: true, ea: '', segment: 'ds', disp: 0x1234, imm: 0x0005 }
  ],
  [
    'MOV word [1000h], 1234h (C7 /0)',
    [0xc7, 0x06, 0x00, 0x10, 0x34, 0x12],
    { length: 6, mnemonic: 'MOV', operands: 'Ew,Iw', disp: 0x1000, imm: 0x1234 }
  ],
  [
    'MOV byte [BX+5], 0ABh (C6 /0)',
    [0xc6, 0x47, 0x05, 0xab],
    { length: 4, mnemonic: 'MOV', operands: 'Eb,Ib', ea: 'bx', segment: 'ds', disp: 0x0005, imm: 0x00ab }
  ],
  [
    'TEST byte [1234h], 0AAh (F6 /0 has an immediate)',
    [0xf6, 0x06, 0x34, 0x12, 0xaa],
    { length: 5, mnemonic: 'TEST', operands: 'Eb,Ib', disp: 0x1234, imm: 0x00aa }
  ],
  [
    'NOT byte [1234h] (F6 /2 has none)',
    [0xf6, 0x16, 0x34, 0x12],
    { length: 4, mnemonic: 'NOT', operands: 'Eb', disp: 0x1234 }
  ],
  [
    'TEST AX, 1234h (F7 /0)',
    [0xf7, 0xc0, 0x34, 0x12],
    { length: 4, mnemonic: 'TEST', operands: 'Ew,Iw', imm: 0x1234, status: 'normal' }
  ],
  [
    'TEST AX, 1234h (F7 /1, alias)',
    [0xf7, 0xc8, 0x34, 0x12],
    { length: 4, mnemonic: 'TEST', reg: 1, imm: 0x1234, status: 'alias' }
  ],
  ['AAM 10 (D4 0A)', [0xd4, 0x0a], { length: 2, mnemonic: 'AAM', imm: 10 }],
  ['INT 21h', [0xcd, 0x21], { length: 2, mnemonic: 'INT', operands: 'Ib', imm: 0x21 }],
  ['IN AL, 60h', [0xe4, 0x60], { length: 2, mnemonic: 'IN', operands: 'AL,Ib', imm: 0x60 }],
  ['RET 4', [0xc2, 0x04, 0x00], { length: 3, mnemonic: 'RET', operands: 'Iw', imm: 4, status: 'normal' }],
  ['RET 4 (C0, alias of C2)', [0xc0, 0x04, 0x00], { length: 3, mnemonic: 'RET', imm: 4, status: 'alias' }],

  // ---- relative targets: sign-extended displacements ----
  [
    'CALL near −3 (E8 FD FF)',
    [0xe8, 0xfd, 0xff],
    { length: 3, mnemonic: 'CALL', operands: 'Jw', imm: 0xfffd }
  ],
  ['JMP short −2 (EB FE)', [0xeb, 0xfe], { length: 2, mnemonic: 'JMP', operands: 'Jb', imm: 0xfffe }],
  ['JZ +5', [0x74, 0x05], { length: 2, mnemonic: 'JZ', imm: 0x0005, status: 'normal' }],
  ['JZ +5 (64, alias of 74)', [0x64, 0x05], { length: 2, mnemonic: 'JZ', imm: 0x0005, status: 'alias' }],
  ['JNS −128 (69, alias of 79)', [0x69, 0x80], { length: 2, mnemonic: 'JNS', imm: 0xff80, status: 'alias' }],
  ['LOOP −128', [0xe2, 0x80], { length: 2, mnemonic: 'LOOP', imm: 0xff80 }],

  // ---- direct memory offsets (moffs) ----
  [
    'MOV AL, [1234h] (A0)',
    [0xa0, 0x34, 0x12],
    {
      length: 3,
      mnemonic: 'MOV',
      operands: 'AL,Ob',
      memory: true,
      ea: '',
      segment: 'ds',
      disp: 0x1234,
      imm: 0
    }
  ],
  ['MOV AX, [FFFFh] (A1)', [0xa1, 0xff, 0xff], { length: 3, operands: 'AX,Ow', memory: true, disp: 0xffff }],
  ['MOV [0100h], AL (A2)', [0xa2, 0x00, 0x01], { length: 3, operands: 'Ob,AL', memory: true, disp: 0x0100 }],
  ['MOV [0100h], AX (A3)', [0xa3, 0x00, 0x01], { length: 3, operands: 'Ow,AX', memory: true, disp: 0x0100 }],
  [
    'ES: MOV AX, [0100h] (26 A1)',
    [0x26, 0xa1, 0x00, 0x01],
    { length: 4, prefixCount: 1, override: 'es', segment: 'es', disp: 0x0100 }
  ],

  // ---- far pointers: offset first, then segment ----
  [
    'JMP FAR 1234:5678h (EA)',
    [0xea, 0x78, 0x56, 0x34, 0x12],
    { length: 5, mnemonic: 'JMP', operands: 'Ap', imm: 0x5678, imm2: 0x1234 }
  ],
  [
    'CALL FAR FFFF:0000h (9A)',
    [0x9a, 0x00, 0x00, 0xff, 0xff],
    { length: 5, mnemonic: 'CALL', operands: 'Ap', imm: 0x0000, imm2: 0xffff }
  ],
  [
    'CALL FAR [2000h] (FF /3)',
    [0xff, 0x1e, 0x00, 0x20],
    { length: 4, mnemonic: 'CALL', operands: 'Mp', reg: 3, disp: 0x2000 }
  ],
  [
    'LES BX, [2000h]',
    [0xc4, 0x1e, 0x00, 0x20],
    { length: 4, mnemonic: 'LES', operands: 'Gw,Mp', reg: 3, disp: 0x2000 }
  ],

  // ---- ModRM ----
  [
    'MOV AX, [BP−4]',
    [0x8b, 0x46, 0xfc],
    { length: 3, operands: 'Gw,Ew', reg: 0, ea: 'bp', segment: 'ss', disp: 0xfffc }
  ],
  ['MOV AX, [BP+8000h]', [0x8b, 0x86, 0x00, 0x80], { length: 4, ea: 'bp', segment: 'ss', disp: 0x8000 }],
  [
    'MOV AX, [8000h] (mod=00 r/m=110)',
    [0x8b, 0x06, 0x00, 0x80],
    { length: 4, ea: '', segment: 'ds', disp: 0x8000 }
  ],
  ['MOV AX, [BP+DI]', [0x8b, 0x03], { length: 2, ea: 'bp+di', segment: 'ss', disp: 0 }],
  [
    'MOV AL, [BX+SI−5]',
    [0x8a, 0x40, 0xfb],
    { length: 3, operands: 'Gb,Eb', ea: 'bx+si', segment: 'ds', disp: 0xfffb }
  ],
  [
    'LEA SI, [1234h]',
    [0x8d, 0x36, 0x34, 0x12],
    { length: 4, mnemonic: 'LEA', operands: 'Gw,M', reg: 6, disp: 0x1234 }
  ],
  [
    'POP word [BP+2] (8F /0)',
    [0x8f, 0x46, 0x02],
    { length: 3, mnemonic: 'POP', ea: 'bp', disp: 2, status: 'normal' }
  ],
  [
    'POP word [BP+2] (8F /1, undefined)',
    [0x8f, 0x4e, 0x02],
    { length: 3, mnemonic: 'POP', reg: 1, status: 'undefined' }
  ],
  ['MOV AX, DS (8C /3)', [0x8c, 0xd8], { length: 2, operands: 'Ew,Sw', reg: 3, memory: false }],
  [
    'JMP AX (FF /4, register form)',
    [0xff, 0xe0],
    { length: 2, mnemonic: 'JMP', operands: 'Ew', memory: false }
  ],
  ['SHL AL, 1 (D0 /4)', [0xd0, 0xe0], { length: 2, mnemonic: 'SHL', operands: 'Eb,1' }],
  ['SAR AX, 1 (D1 /7)', [0xd1, 0xf8], { length: 2, mnemonic: 'SAR', operands: 'Ew,1' }],
  [
    'SETMOC AL, CL (D2 /6, undocumented)',
    [0xd2, 0xf0],
    { length: 2, mnemonic: 'SETMOC', status: 'undocumented' }
  ],
  [
    'ESC with [1234h] (D8 06)',
    [0xd8, 0x06, 0x34, 0x12],
    { length: 4, mnemonic: 'ESC', status: 'fpu', disp: 0x1234 }
  ],
  ['SALC (D6)', [0xd6], { length: 1, mnemonic: 'SALC', status: 'undocumented' }],

  // ---- prefixes, in any order ----
  ['REP MOVSB', [0xf3, 0xa4], { length: 2, mnemonic: 'MOVSB', prefixCount: 1, repeat: 0xf3, override: null }],
  [
    'REP ES: MOVSW',
    [0xf3, 0x26, 0xa5],
    { length: 3, mnemonic: 'MOVSW', prefixCount: 2, repeat: 0xf3, override: 'es' }
  ],
  [
    'ES: REP MOVSW',
    [0x26, 0xf3, 0xa5],
    { length: 3, mnemonic: 'MOVSW', prefixCount: 2, repeat: 0xf3, override: 'es' }
  ],
  ['REPNE SCASB', [0xf2, 0xae], { length: 2, mnemonic: 'SCASB', repeat: 0xf2 }],
  [
    'LOCK REP CS: CMPSB',
    [0xf0, 0xf3, 0x2e, 0xa6],
    { length: 4, mnemonic: 'CMPSB', prefixCount: 3, lock: true, repeat: 0xf3, override: 'cs' }
  ],
  [
    'CS: LOCK REP CMPSB',
    [0x2e, 0xf0, 0xf3, 0xa6],
    { length: 4, mnemonic: 'CMPSB', prefixCount: 3, lock: true, repeat: 0xf3, override: 'cs' }
  ],
  ['F1 (LOCK alias) NOP', [0xf1, 0x90], { length: 2, mnemonic: 'NOP', lock: true }],
  [
    'ES: CS: MOV AL, [BX]: the last segment prefix wins',
    [0x26, 0x2e, 0x8a, 0x07],
    { length: 4, override: 'cs', segment: 'cs', ea: 'bx' }
  ],
  ['REPNE REP MOVSB: the last repeat prefix wins', [0xf2, 0xf3, 0xa4], { length: 3, repeat: 0xf3 }],
  ['REP REPNE MOVSB', [0xf3, 0xf2, 0xa4], { length: 3, repeat: 0xf2 }],
  ['SS: MOV AX, [BX+SI]', [0x36, 0x8b, 0x00], { length: 3, override: 'ss', segment: 'ss', ea: 'bx+si' }],
  [
    'DS: MOV AX, [BP+0]',
    [0x3e, 0x8b, 0x46, 0x00],
    { length: 4, override: 'ds', segment: 'ds', ea: 'bp', disp: 0 }
  ],

  // ---- two-byte opcodes: the system extensions (virtualization.md §2.2.4 encodings) and #UD ----
  [
    '0F 0B (UD2)',
    [0x0f, 0x0b],
    { length: 2, twoByte: true, opcode: 0x0b, mnemonic: 'UD2', status: 'normal' }
  ],
  [
    '0F 05 (undefined)',
    [0x0f, 0x05],
    { length: 2, twoByte: true, opcode: 0x05, mnemonic: '(#UD)', status: 'undefined' }
  ],
  [
    '0F 20 D8: MOV EAX, CR3 (ModRM reg = CR number, r/m = register)',
    [0x0f, 0x20, 0xd8],
    { length: 3, twoByte: true, opcode: 0x20, mnemonic: 'MOV', operands: 'Rw,Cr', reg: 3 }
  ],
  [
    '0F 22 18: MOV CR3, EAX with mod = 00: MOV CRn ignores mod (386), so no displacement follows',
    [0x0f, 0x22, 0x18, 0x99, 0x99],
    { length: 3, twoByte: true, opcode: 0x22, mnemonic: 'MOV', operands: 'Cr,Rw', reg: 3 }
  ],
  [
    '0F 01 3F: INVLPG [BX]',
    [0x0f, 0x01, 0x3f],
    { length: 3, twoByte: true, opcode: 0x01, mnemonic: 'INVLPG', ea: 'bx' }
  ],
  ['0F 01 C1: VMCALL', [0x0f, 0x01, 0xc1], { length: 3, twoByte: true, opcode: 0x01, mnemonic: 'VMCALL' }],
  ['0F 01 E0: SMSW AX', [0x0f, 0x01, 0xe0], { length: 3, twoByte: true, opcode: 0x01, mnemonic: 'SMSW' }],
  [
    'CS: 0F FF',
    [0x2e, 0x0f, 0xff],
    { length: 3, twoByte: true, opcode: 0xff, prefixCount: 1, override: 'cs' }
  ]
];

/** A byte source that remembers the furthest byte read. */
function recording(bytes: number[]): ByteSource & { furthest: number } {
  const source = {
    furthest: -1,
    byteAt(offset: number) {
      source.furthest = Math.max(source.furthest, offset);
      return bytes[offset] ?? 0;
    }
  };
  return source;
}

describe('decode', () => {
  it.each(ROWS)('%s', (_name, bytes, expected) => {
    const decoded = decode(bytesSource(bytes));
    expect(expected.length).toBeDefined(); // every row states its length
    expect(view(decoded)).toMatchObject(expected);
  });

  it.each(ROWS)('%s: reads no byte past the instruction', (_name, bytes) => {
    const source = recording(bytes);
    const decoded = decode(source);
    expect(source.furthest).toBe(decoded.length - 1);
  });

  it.each(ROWS)('%s: the same bytes at an offset in a larger buffer decode the same', (_name, bytes) => {
    const padded = [0xcc, 0xcc, 0xcc, ...bytes, 0xcc, 0xcc];
    expect(view(decode(bytesSource(padded, 3)))).toEqual(view(decode(bytesSource(bytes))));
  });

  it('bytes past the end of an array source read as 0: 05 alone is ADD AX, 0000h', () => {
    expect(view(decode(bytesSource([0x05])))).toMatchObject({
      length: 3,
      mnemonic: 'ADD',
      operands: 'AX,Iw',
      imm: 0
    });
  });
});

describe(`prefix runs (MAX_PREFIXES = ${MAX_PREFIXES})`, () => {
  const ES = 0x26;
  const NOP = 0x90;
  const times = (byte: number, n: number) => Array.from({ length: n }, () => byte);

  /** Decode chunk after chunk from the start of `bytes`, as the CPU would execute them. */
  function chunks(bytes: number[]): Partial<Decoded>[] {
    const out: Partial<Decoded>[] = [];
    for (let at = 0; at < bytes.length;) {
      const { length, mnemonic, status, prefixCount, override, repeat } = view(
        decode(bytesSource(bytes, at))
      );
      out.push({ length, mnemonic, status, prefixCount, override, repeat });
      at += length;
    }
    return out;
  }

  it('MAX_PREFIXES is 15', () => {
    expect(MAX_PREFIXES).toBe(15);
  });

  it('15 prefixes and NOP are one instruction of 16 bytes', () => {
    expect(chunks([...times(ES, 15), NOP])).toEqual([
      { length: 16, mnemonic: 'NOP', status: 'normal', prefixCount: 15, override: 'es', repeat: 0 }
    ]);
  });

  it('16 prefixes and NOP: a chunk of 15 prefixes, then ES: NOP', () => {
    expect(chunks([...times(ES, 16), NOP])).toEqual([
      { length: 15, mnemonic: 'ES', status: 'prefix', prefixCount: 14, override: 'es', repeat: 0 },
      { length: 2, mnemonic: 'NOP', status: 'normal', prefixCount: 1, override: 'es', repeat: 0 }
    ]);
  });

  it('20 prefixes and NOP: a chunk of 15 prefixes, then the last 5 prefixes with the NOP', () => {
    expect(chunks([...times(ES, 20), NOP])).toEqual([
      { length: 15, mnemonic: 'ES', status: 'prefix', prefixCount: 14, override: 'es', repeat: 0 },
      { length: 6, mnemonic: 'NOP', status: 'normal', prefixCount: 5, override: 'es', repeat: 0 }
    ]);
  });

  it('a mixed run of 20 (ES CS SS DS REP, four times) before MOVSB', () => {
    const run = times(0, 4).flatMap(() => [0x26, 0x2e, 0x36, 0x3e, 0xf3]);
    const [first, second] = chunks([...run, 0xa4]);
    expect(first).toMatchObject({ length: 15, status: 'prefix' });
    // Bytes 15–19 are 26 2E 36 3E F3: DS is the last segment prefix, REP the repeat.
    expect(second).toEqual({
      length: 6,
      mnemonic: 'MOVSB',
      status: 'normal',
      prefixCount: 5,
      override: 'ds',
      repeat: 0xf3
    });
  });

  it('a whole page of prefix bytes decodes in chunks of at most 15', () => {
    // 4096 = 273 * 15 + 1: 273 chunks of prefixes, then the last prefix with the NOP.
    const lengths = chunks([...times(ES, 4096), NOP]).map((chunk) => chunk.length);
    expect(lengths).toEqual([...times(15, 273), 2]);
  });
});
