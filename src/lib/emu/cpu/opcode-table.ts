// The 8086 opcode map as data: every one-byte opcode, the groups selected by the ModRM reg field, and the
// two-byte escape 0F. Sources: Intel 8086 Family User's Manual (1979) table 4-12; the undocumented and alias
// behaviour recorded by the SingleStepTests 8086 suite (../shared/conformance/README.md); the 0F escape is our
// one deliberate change (DESIGN.md): POP CS is gone, and 0F xx opcodes are defined by later issues (#UD until then).

import type { OpcodeEntry, OpcodeSlot, OpcodeStatus, OperandKind } from './opcodes';
import { usesModrm } from './opcodes';

interface MnemonicInfo {
  summary: string;
  /** Status flags written, letters of "odiszapc". */
  written?: string;
  /** Flags left undefined. */
  undefined?: string;
  aliases?: string[];
}

/** What each mnemonic does, once: summaries for hover docs, and the flags it writes. */
const INFO: Record<string, MnemonicInfo> = {
  ADD: { summary: 'Add: dest = dest + src', written: 'oszapc' },
  OR: { summary: 'Bitwise OR: dest = dest | src', written: 'oszapc', undefined: 'a' },
  ADC: { summary: 'Add with carry: dest = dest + src + CF', written: 'oszapc' },
  SBB: { summary: 'Subtract with borrow: dest = dest - src - CF', written: 'oszapc' },
  AND: { summary: 'Bitwise AND: dest = dest & src', written: 'oszapc', undefined: 'a' },
  SUB: { summary: 'Subtract: dest = dest - src', written: 'oszapc' },
  XOR: { summary: 'Bitwise exclusive OR: dest = dest ^ src', written: 'oszapc', undefined: 'a' },
  CMP: { summary: 'Compare: set flags as for dest - src, store nothing', written: 'oszapc' },
  TEST: {
    summary: 'Test bits: set flags as for dest & src, store nothing',
    written: 'oszapc',
    undefined: 'a'
  },
  INC: { summary: 'Increment by one (CF unchanged)', written: 'oszap' },
  DEC: { summary: 'Decrement by one (CF unchanged)', written: 'oszap' },
  NEG: { summary: "Two's complement negate: dest = 0 - dest", written: 'oszapc' },
  NOT: { summary: "One's complement: dest = ~dest (flags unchanged)" },
  MUL: {
    summary: 'Unsigned multiply by AL (AX = AL * src) or AX (DX:AX = AX * src)',
    written: 'oszapc',
    undefined: 'szap'
  },
  IMUL: { summary: 'Signed multiply by AL or AX', written: 'oszapc', undefined: 'szap' },
  DIV: {
    summary: 'Unsigned divide AX (or DX:AX) by src: quotient in AL (AX), remainder in AH (DX)',
    written: 'oszapc',
    undefined: 'oszapc'
  },
  IDIV: { summary: 'Signed divide AX (or DX:AX) by src', written: 'oszapc', undefined: 'oszapc' },
  DAA: { summary: 'Decimal adjust AL after packed-BCD addition', written: 'oszapc', undefined: 'o' },
  DAS: { summary: 'Decimal adjust AL after packed-BCD subtraction', written: 'oszapc', undefined: 'o' },
  AAA: { summary: 'ASCII adjust AL after unpacked-BCD addition', written: 'oszapc', undefined: 'oszp' },
  AAS: { summary: 'ASCII adjust AL after unpacked-BCD subtraction', written: 'oszapc', undefined: 'oszp' },
  AAM: {
    summary: 'ASCII adjust after multiply: AH = AL / base, AL = AL mod base',
    written: 'oszapc',
    undefined: 'oac'
  },
  AAD: {
    summary: 'ASCII adjust before division: AL = AH * base + AL, AH = 0',
    written: 'oszapc',
    undefined: 'oac'
  },
  CBW: { summary: 'Convert byte to word: sign-extend AL into AX' },
  CWD: { summary: 'Convert word to doubleword: sign-extend AX into DX:AX' },
  ROL: { summary: 'Rotate left', written: 'oc' },
  ROR: { summary: 'Rotate right', written: 'oc' },
  RCL: { summary: 'Rotate left through carry', written: 'oc' },
  RCR: { summary: 'Rotate right through carry', written: 'oc' },
  SHL: { summary: 'Shift left (SAL)', written: 'oszapc', undefined: 'a', aliases: ['SAL'] },
  SHR: { summary: 'Shift right, unsigned', written: 'oszapc', undefined: 'a' },
  SAR: { summary: 'Shift right, keeping the sign', written: 'oszapc', undefined: 'a' },
  SETMO: {
    summary: 'Undocumented: set the operand to all ones (FFh / FFFFh)',
    written: 'oszapc',
    undefined: 'oszapc'
  },
  SETMOC: {
    summary: 'Undocumented: set the operand to all ones if CL is not 0',
    written: 'oszapc',
    undefined: 'oszapc'
  },
  MOV: { summary: 'Copy: dest = src' },
  XCHG: { summary: 'Exchange the two operands' },
  NOP: { summary: 'No operation (XCHG AX, AX)' },
  LEA: { summary: 'Load effective address: dest = offset of the memory operand' },
  LES: { summary: 'Load far pointer from memory into a register and ES' },
  LDS: { summary: 'Load far pointer from memory into a register and DS' },
  XLATB: { summary: 'Table lookup: AL = [DS:BX + AL]', aliases: ['XLAT'] },
  LAHF: { summary: 'Load AH from the low byte of FLAGS' },
  SAHF: { summary: 'Store AH into the low byte of FLAGS', written: 'szapc' },
  PUSH: { summary: 'Push a word on the stack: SP -= 2, [SS:SP] = src' },
  POP: { summary: 'Pop a word from the stack: dest = [SS:SP], SP += 2' },
  PUSHF: { summary: 'Push FLAGS' },
  POPF: { summary: 'Pop FLAGS', written: 'odiszapc' },
  JMP: { summary: 'Jump' },
  CALL: { summary: 'Call a procedure: push the return address, then jump' },
  RET: { summary: 'Return from a near procedure (optionally release imm bytes of arguments)' },
  RETF: { summary: 'Return from a far procedure (optionally release imm bytes of arguments)' },
  JO: { summary: 'Jump if overflow (OF = 1)' },
  JNO: { summary: 'Jump if not overflow (OF = 0)' },
  JC: { summary: 'Jump if carry / below (CF = 1)', aliases: ['JB', 'JNAE'] },
  JNC: { summary: 'Jump if not carry / above or equal (CF = 0)', aliases: ['JNB', 'JAE'] },
  JZ: { summary: 'Jump if zero / equal (ZF = 1)', aliases: ['JE'] },
  JNZ: { summary: 'Jump if not zero / not equal (ZF = 0)', aliases: ['JNE'] },
  JNA: { summary: 'Jump if below or equal (CF = 1 or ZF = 1)', aliases: ['JBE'] },
  JA: { summary: 'Jump if above (CF = 0 and ZF = 0)', aliases: ['JNBE'] },
  JS: { summary: 'Jump if sign (SF = 1)' },
  JNS: { summary: 'Jump if not sign (SF = 0)' },
  JPE: { summary: 'Jump if parity even (PF = 1)', aliases: ['JP'] },
  JPO: { summary: 'Jump if parity odd (PF = 0)', aliases: ['JNP'] },
  JL: { summary: 'Jump if less, signed (SF != OF)', aliases: ['JNGE'] },
  JNL: { summary: 'Jump if greater or equal, signed (SF = OF)', aliases: ['JGE'] },
  JNG: { summary: 'Jump if less or equal, signed (ZF = 1 or SF != OF)', aliases: ['JLE'] },
  JG: { summary: 'Jump if greater, signed (ZF = 0 and SF = OF)', aliases: ['JNLE'] },
  LOOP: { summary: 'Decrement CX; jump if CX != 0' },
  LOOPE: { summary: 'Decrement CX; jump if CX != 0 and ZF = 1', aliases: ['LOOPZ'] },
  LOOPNE: { summary: 'Decrement CX; jump if CX != 0 and ZF = 0', aliases: ['LOOPNZ'] },
  JCXZ: { summary: 'Jump if CX = 0' },
  INT: { summary: 'Software interrupt: push FLAGS, CS, IP; clear IF and TF; jump through the vector table' },
  INT3: { summary: 'Breakpoint interrupt (vector 3), one byte' },
  INTO: { summary: 'Interrupt 4 if OF = 1' },
  IRET: { summary: 'Return from interrupt: pop IP, CS, FLAGS', written: 'odiszapc' },
  MOVSB: { summary: 'Move byte [DS:SI] to [ES:DI]; advance SI and DI' },
  MOVSW: { summary: 'Move word [DS:SI] to [ES:DI]; advance SI and DI' },
  CMPSB: { summary: 'Compare byte [DS:SI] with [ES:DI]; advance SI and DI', written: 'oszapc' },
  CMPSW: { summary: 'Compare word [DS:SI] with [ES:DI]; advance SI and DI', written: 'oszapc' },
  STOSB: { summary: 'Store AL at [ES:DI]; advance DI' },
  STOSW: { summary: 'Store AX at [ES:DI]; advance DI' },
  LODSB: { summary: 'Load AL from [DS:SI]; advance SI' },
  LODSW: { summary: 'Load AX from [DS:SI]; advance SI' },
  SCASB: { summary: 'Compare AL with [ES:DI]; advance DI', written: 'oszapc' },
  SCASW: { summary: 'Compare AX with [ES:DI]; advance DI', written: 'oszapc' },
  IN: { summary: 'Input from an I/O port' },
  OUT: { summary: 'Output to an I/O port' },
  HLT: { summary: 'Halt until an interrupt arrives' },
  WAIT: { summary: 'Wait for the coprocessor (TEST pin); a no-op here' },
  CMC: { summary: 'Complement the carry flag', written: 'c' },
  CLC: { summary: 'Clear the carry flag', written: 'c' },
  STC: { summary: 'Set the carry flag', written: 'c' },
  CLI: { summary: 'Clear the interrupt flag (mask hardware interrupts)', written: 'i' },
  STI: { summary: 'Set the interrupt flag (after the next instruction)', written: 'i' },
  CLD: { summary: 'Clear the direction flag (strings go up)', written: 'd' },
  STD: { summary: 'Set the direction flag (strings go down)', written: 'd' },
  SALC: { summary: 'Undocumented: AL = CF ? FFh : 00h' },
  ESC: { summary: 'Escape to the 8087 coprocessor: computes the memory address, no effect without an 8087' },
  ES: { summary: 'Segment override prefix: use ES' },
  CS: { summary: 'Segment override prefix: use CS' },
  SS: { summary: 'Segment override prefix: use SS' },
  DS: { summary: 'Segment override prefix: use DS' },
  LOCK: { summary: 'Bus lock prefix (no effect on a single CPU)' },
  REP: {
    summary: 'Repeat the string instruction CX times (REPE/REPZ for CMPS and SCAS)',
    aliases: ['REPE', 'REPZ']
  },
  REPNE: { summary: 'Repeat the string instruction while CX != 0 and ZF = 0', aliases: ['REPNZ'] },
  '(0F)': { summary: 'Two-byte opcode escape (POP CS on the 8086; gone here)' },
  SMSW: { summary: 'Store the machine status word: the low 16 bits of CR0' },
  INVLPG: { summary: 'Invalidate the TLB entry of the page that holds the memory operand' },
  VMCALL: { summary: 'Call the hypervisor (a VM exit); outside a VM it is an invalid opcode' },
  UD2: { summary: 'Always an invalid opcode (#UD): a deliberate trap' },
  '(#UD)': { summary: 'Undefined two-byte opcode: raises #UD (interrupt 6)' }
};

interface EntryOptions {
  status?: OpcodeStatus;
  reg?: number | null;
  twoByte?: boolean;
  /** Overrides the mnemonic's undefined flags (shifts by CL leave OF undefined, shifts by 1 do not). */
  undefinedFlags?: string;
}

function makeEntry(
  opcode: number,
  mnemonic: string,
  operands: string,
  options: EntryOptions = {}
): OpcodeEntry {
  const info = INFO[mnemonic];
  if (!info) throw new Error(`opcode table: no description for ${mnemonic}`);
  return {
    opcode,
    twoByte: options.twoByte ?? false,
    reg: options.reg ?? null,
    mnemonic,
    aliases: info.aliases ?? [],
    operands: operands === '' ? [] : (operands.split(',') as OperandKind[]),
    status: options.status ?? 'normal',
    flagsWritten: info.written ?? '',
    flagsUndefined: options.undefinedFlags ?? info.undefined ?? '',
    summary: info.summary
  };
}

/** Register operands by encoding number, as the table names them. */
export const REG16_OPERANDS = ['AX', 'CX', 'DX', 'BX', 'SP', 'BP', 'SI', 'DI'] as const;
export const REG8_OPERANDS = ['AL', 'CL', 'DL', 'BL', 'AH', 'CH', 'DH', 'BH'] as const;
export const SEGMENT_OPERANDS = ['ES', 'CS', 'SS', 'DS'] as const;

const ONE_BYTE: (OpcodeSlot | undefined)[] = new Array(256);

function single(opcode: number, mnemonic: string, operands = '', options: EntryOptions = {}): void {
  const entry = makeEntry(opcode, mnemonic, operands, options);
  const hasModrm = usesModrm(entry.operands) || (opcode >= 0xd8 && opcode <= 0xdf);
  ONE_BYTE[opcode] = { opcode, twoByte: false, hasModrm, entry, group: null };
}

type GroupMember = [mnemonic: string, operands: string, options?: EntryOptions];

function group(opcode: number, members: GroupMember[]): void {
  const entries = members.map(([mnemonic, operands, options], reg) =>
    makeEntry(opcode, mnemonic, operands, { ...options, reg })
  );
  ONE_BYTE[opcode] = { opcode, twoByte: false, hasModrm: true, entry: null, group: entries };
}

// 00–3F: the eight ALU operations in six forms each; columns 6 and 7 hold segment pushes/pops, the segment
// override prefixes and the decimal adjusts.
const ALU = ['ADD', 'OR', 'ADC', 'SBB', 'AND', 'SUB', 'XOR', 'CMP'];
const ALU_FORMS = ['Eb,Gb', 'Ew,Gw', 'Gb,Eb', 'Gw,Ew', 'AL,Ib', 'AX,Iw'];
ALU.forEach((mnemonic, op) => ALU_FORMS.forEach((form, column) => single(op * 8 + column, mnemonic, form)));
SEGMENT_OPERANDS.forEach((segment, s) => {
  single(s * 8 + 0x06, 'PUSH', segment);
  if (segment !== 'CS') single(s * 8 + 0x07, 'POP', segment);
  single(0x26 + s * 8, segment, '', { status: 'prefix' });
});
single(0x0f, '(0F)', '', { status: 'escape' });
single(0x27, 'DAA');
single(0x2f, 'DAS');
single(0x37, 'AAA');
single(0x3f, 'AAS');

// 40–5F: one-byte register forms.
const REG16 = REG16_OPERANDS;
const REG8 = REG8_OPERANDS;
REG16.forEach((register, r) => {
  single(0x40 + r, 'INC', register);
  single(0x48 + r, 'DEC', register);
  single(0x50 + r, 'PUSH', register);
  single(0x58 + r, 'POP', register);
});

// 60–7F: conditional jumps. On the 8086, 60–6F decode exactly as 70–7F (the high bit of the nibble is ignored).
/** The conditional jumps by condition code (the low nibble of 70–7F). */
export const JCC_MNEMONICS = [
  'JO',
  'JNO',
  'JC',
  'JNC',
  'JZ',
  'JNZ',
  'JNA',
  'JA',
  'JS',
  'JNS',
  'JPE',
  'JPO',
  'JL',
  'JNL',
  'JNG',
  'JG'
] as const;
JCC_MNEMONICS.forEach((mnemonic, condition) => {
  single(0x70 + condition, mnemonic, 'Jb');
  single(0x60 + condition, mnemonic, 'Jb', { status: 'alias' });
});

// 80–83: ALU with an immediate; 82 is an alias of 80 on the 8086; 83 sign-extends its imm8.
const immediateGroup = (form: string, status?: OpcodeStatus): GroupMember[] =>
  ALU.map((mnemonic) => [mnemonic, form, { status }]);
group(0x80, immediateGroup('Eb,Ib'));
group(0x81, immediateGroup('Ew,Iw'));
group(0x82, immediateGroup('Eb,Ib', 'alias'));
group(0x83, immediateGroup('Ew,Ibs'));

single(0x84, 'TEST', 'Eb,Gb');
single(0x85, 'TEST', 'Ew,Gw');
single(0x86, 'XCHG', 'Eb,Gb');
single(0x87, 'XCHG', 'Ew,Gw');
single(0x88, 'MOV', 'Eb,Gb');
single(0x89, 'MOV', 'Ew,Gw');
single(0x8a, 'MOV', 'Gb,Eb');
single(0x8b, 'MOV', 'Gw,Ew');
single(0x8c, 'MOV', 'Ew,Sw');
single(0x8d, 'LEA', 'Gw,M');
single(0x8e, 'MOV', 'Sw,Ew');
// 8F: POP r/m16. The 8086 ignores the reg field (the hardware tests cover all eight values).
group(
  0x8f,
  REG16.map((_, reg): GroupMember => ['POP', 'Ew', { status: reg === 0 ? 'normal' : 'undefined' }])
);

single(0x90, 'NOP');
REG16.slice(1).forEach((register, r) => single(0x91 + r, 'XCHG', `AX,${register}`));
single(0x98, 'CBW');
single(0x99, 'CWD');
single(0x9a, 'CALL', 'Ap');
single(0x9b, 'WAIT');
single(0x9c, 'PUSHF');
single(0x9d, 'POPF');
single(0x9e, 'SAHF');
single(0x9f, 'LAHF');

single(0xa0, 'MOV', 'AL,Ob');
single(0xa1, 'MOV', 'AX,Ow');
single(0xa2, 'MOV', 'Ob,AL');
single(0xa3, 'MOV', 'Ow,AX');
single(0xa4, 'MOVSB');
single(0xa5, 'MOVSW');
single(0xa6, 'CMPSB');
single(0xa7, 'CMPSW');
single(0xa8, 'TEST', 'AL,Ib');
single(0xa9, 'TEST', 'AX,Iw');
single(0xaa, 'STOSB');
single(0xab, 'STOSW');
single(0xac, 'LODSB');
single(0xad, 'LODSW');
single(0xae, 'SCASB');
single(0xaf, 'SCASW');
REG8.forEach((register, r) => single(0xb0 + r, 'MOV', `${register},Ib`));
REG16.forEach((register, r) => single(0xb8 + r, 'MOV', `${register},Iw`));

// C0–CF. C0/C1 are aliases of C2/C3 and C8/C9 of CA/CB on the 8086 (one opcode bit is not decoded).
single(0xc0, 'RET', 'Iw', { status: 'alias' });
single(0xc1, 'RET', '', { status: 'alias' });
single(0xc2, 'RET', 'Iw');
single(0xc3, 'RET');
single(0xc4, 'LES', 'Gw,Mp');
single(0xc5, 'LDS', 'Gw,Mp');
// C6/C7: MOV r/m, imm. The 8086 ignores the reg field.
group(
  0xc6,
  REG16.map((_, reg): GroupMember => ['MOV', 'Eb,Ib', { status: reg === 0 ? 'normal' : 'undefined' }])
);
group(
  0xc7,
  REG16.map((_, reg): GroupMember => ['MOV', 'Ew,Iw', { status: reg === 0 ? 'normal' : 'undefined' }])
);
single(0xc8, 'RETF', 'Iw', { status: 'alias' });
single(0xc9, 'RETF', '', { status: 'alias' });
single(0xca, 'RETF', 'Iw');
single(0xcb, 'RETF');
single(0xcc, 'INT3');
single(0xcd, 'INT', 'Ib');
single(0xce, 'INTO');
single(0xcf, 'IRET');

// D0–D3: shifts and rotates by 1 or by CL. Reg 6 is the undocumented SETMO/SETMOC. With a count in CL, OF is
// undefined (it is defined only for a count of 1), and so is AF for the shifts.
const SHIFTS = ['ROL', 'ROR', 'RCL', 'RCR', 'SHL', 'SHR', 'SETMO', 'SAR'];
const shiftGroup = (count: string): GroupMember[] =>
  SHIFTS.map((mnemonic, reg): GroupMember => {
    const name = mnemonic === 'SETMO' && count === 'CL' ? 'SETMOC' : mnemonic;
    const status: OpcodeStatus = reg === 6 ? 'undocumented' : 'normal';
    if (count === '1' || reg === 6) return [name, `Eb,${count}`, { status }];
    return [name, `Eb,${count}`, { status, undefinedFlags: reg < 4 ? 'o' : 'oa' }];
  });
const toWord = (members: GroupMember[]): GroupMember[] =>
  members.map(([mnemonic, operands, options]) => [mnemonic, operands.replace('Eb', 'Ew'), options]);
group(0xd0, shiftGroup('1'));
group(0xd1, toWord(shiftGroup('1')));
group(0xd2, shiftGroup('CL'));
group(0xd3, toWord(shiftGroup('CL')));
single(0xd4, 'AAM', 'Ib');
single(0xd5, 'AAD', 'Ib');
single(0xd6, 'SALC', '', { status: 'undocumented' });
single(0xd7, 'XLATB');
for (let opcode = 0xd8; opcode <= 0xdf; opcode++) single(opcode, 'ESC', 'Ew', { status: 'fpu' });

single(0xe0, 'LOOPNE', 'Jb');
single(0xe1, 'LOOPE', 'Jb');
single(0xe2, 'LOOP', 'Jb');
single(0xe3, 'JCXZ', 'Jb');
single(0xe4, 'IN', 'AL,Ib');
single(0xe5, 'IN', 'AX,Ib');
single(0xe6, 'OUT', 'Ib,AL');
single(0xe7, 'OUT', 'Ib,AX');
single(0xe8, 'CALL', 'Jw');
single(0xe9, 'JMP', 'Jw');
single(0xea, 'JMP', 'Ap');
single(0xeb, 'JMP', 'Jb');
single(0xec, 'IN', 'AL,DX');
single(0xed, 'IN', 'AX,DX');
single(0xee, 'OUT', 'DX,AL');
single(0xef, 'OUT', 'DX,AX');

single(0xf0, 'LOCK', '', { status: 'prefix' });
single(0xf1, 'LOCK', '', { status: 'prefix' });
single(0xf2, 'REPNE', '', { status: 'prefix' });
single(0xf3, 'REP', '', { status: 'prefix' });
single(0xf4, 'HLT');
single(0xf5, 'CMC');
// F6/F7: TEST, NOT, NEG, MUL, IMUL, DIV, IDIV. Reg 1 is an alias of TEST on the 8086.
const unaryGroup = (e: string, i: string): GroupMember[] => [
  ['TEST', `${e},${i}`],
  ['TEST', `${e},${i}`, { status: 'alias' }],
  ['NOT', e],
  ['NEG', e],
  ['MUL', e],
  ['IMUL', e],
  ['DIV', e],
  ['IDIV', e]
];
group(0xf6, unaryGroup('Eb', 'Ib'));
group(0xf7, unaryGroup('Ew', 'Iw'));
single(0xf8, 'CLC');
single(0xf9, 'STC');
single(0xfa, 'CLI');
single(0xfb, 'STI');
single(0xfc, 'CLD');
single(0xfd, 'STD');
// FE: INC/DEC r/m8. Reg 2–7 are undefined on the 8086 and untested; they run as the FF forms on a byte
// operand (see execute/control.ts).
group(0xfe, [
  ['INC', 'Eb'],
  ['DEC', 'Eb'],
  ['CALL', 'Eb', { status: 'undefined' }],
  ['CALL', 'Eb', { status: 'undefined' }],
  ['JMP', 'Eb', { status: 'undefined' }],
  ['JMP', 'Eb', { status: 'undefined' }],
  ['PUSH', 'Eb', { status: 'undefined' }],
  ['PUSH', 'Eb', { status: 'undefined' }]
]);
// FF: INC, DEC, CALL, CALL FAR, JMP, JMP FAR, PUSH; reg 7 is an alias of PUSH.
group(0xff, [
  ['INC', 'Ew'],
  ['DEC', 'Ew'],
  ['CALL', 'Ew'],
  ['CALL', 'Mp'],
  ['JMP', 'Ew'],
  ['JMP', 'Mp'],
  ['PUSH', 'Ew'],
  ['PUSH', 'Ew', { status: 'alias' }]
]);

for (let opcode = 0; opcode < 256; opcode++) {
  if (!ONE_BYTE[opcode]) throw new Error(`opcode table: ${opcode.toString(16)} is missing`);
}

/** The one-byte opcode map, indexed by the opcode byte. */
export const OPCODES: readonly OpcodeSlot[] = ONE_BYTE as OpcodeSlot[];

/**
 * The two-byte map 0F xx: the system extensions of DESIGN.md, with their real x86 encodings so NASM assembles
 * them (virtualization.md §2.2.4): MOV to and from CR0/CR2/CR3 (0F 20, 0F 22), the 0F 01 group (SMSW /4,
 * INVLPG /7, and VMCALL as exactly 0F 01 C1), UD2 (0F 0B). Every other 0F xx raises #UD (interrupt 6), as an
 * undefined opcode does on the 186 and later.
 */
const TWO_BYTE: OpcodeSlot[] = Array.from({ length: 256 }, (_, opcode) => ({
  opcode,
  twoByte: true,
  hasModrm: false,
  entry: makeEntry(opcode, '(#UD)', '', { status: 'undefined', twoByte: true }),
  group: null
}));
const undefinedTwoByte = (opcode: number, reg: number): OpcodeEntry =>
  makeEntry(opcode, '(#UD)', '', { status: 'undefined', twoByte: true, reg });
TWO_BYTE[0x01] = {
  opcode: 0x01,
  twoByte: true,
  hasModrm: true,
  entry: null,
  group: [
    { ...makeEntry(0x01, 'VMCALL', '', { twoByte: true, reg: 0 }), modrm: 0xc1 },
    undefinedTwoByte(0x01, 1),
    undefinedTwoByte(0x01, 2),
    undefinedTwoByte(0x01, 3),
    makeEntry(0x01, 'SMSW', 'Ew', { twoByte: true, reg: 4 }),
    undefinedTwoByte(0x01, 5),
    undefinedTwoByte(0x01, 6),
    makeEntry(0x01, 'INVLPG', 'M', { twoByte: true, reg: 7 })
  ]
};
TWO_BYTE[0x0b] = {
  opcode: 0x0b,
  twoByte: true,
  hasModrm: false,
  entry: makeEntry(0x0b, 'UD2', '', { twoByte: true }),
  group: null
};
TWO_BYTE[0x20] = {
  opcode: 0x20,
  twoByte: true,
  hasModrm: true,
  registerOnly: true,
  entry: makeEntry(0x20, 'MOV', 'Rw,Cr', { twoByte: true }),
  group: null
};
TWO_BYTE[0x22] = {
  opcode: 0x22,
  twoByte: true,
  hasModrm: true,
  registerOnly: true,
  entry: makeEntry(0x22, 'MOV', 'Cr,Rw', { twoByte: true }),
  group: null
};

/** The two-byte opcode map 0F xx, indexed by the byte after 0F. */
export const OPCODES_0F: readonly OpcodeSlot[] = TWO_BYTE;

/** The entry that describes an opcode, given its ModRM reg field for groups. */
export function entryFor(slot: OpcodeSlot, reg: number): OpcodeEntry {
  return slot.group ? slot.group[reg] : (slot.entry as OpcodeEntry);
}
