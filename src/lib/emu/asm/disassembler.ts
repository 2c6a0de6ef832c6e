// The disassembler: bytes into NASM-syntax lines in ndisasm's layout (address, bytes, instruction), built on
// the CPU's own decoder (STYLE.md rule 2), so it shows exactly what this machine executes. For everything NASM
// can assemble the text is what `ndisasm -b 16` prints. Bytes that decode to something NASM cannot write —
// the 8086's aliases (60–6F as Jcc, C0 as RET…), undocumented forms, 8087 escapes, undefined 0F opcodes — come
// out as `db` with the meaning in a comment, so a listing always assembles back to the same bytes.

import { bytesSource, decode, type ByteSource } from '../cpu/decoder';
import type { Instruction } from '../cpu/instruction';
import { REG16_OPERANDS, REG8_OPERANDS, SEGMENT_OPERANDS } from '../cpu/opcode-table';
import { CONTROL_REGISTERS } from '../cpu/registers';
import type { OperandKind } from '../cpu/opcodes';
import { COMMUTATIVE, NASM_UNDOCUMENTED, NOT_IN_NASM } from './nasm-data';

export interface DisassembledLine {
  address: number;
  bytes: number[];
  /** The instruction in NASM syntax (a `db` line for bytes NASM cannot write). */
  text: string;
}

export interface DisassembleOptions {
  /** Address of the first byte (ndisasm's -o); 0 by default. */
  origin?: number;
  /**
   * Write the text so that it assembles back to exactly these bytes: `short` on conditional jumps and loops
   * (NASM takes `jz 0x107` as a jump to a plain number and makes the long form), `byte`/`word` inside brackets
   * when the displacement's size is not the one NASM would pick (`[word bx+0x5]`), and `strict word` on an
   * immediate NASM would shorten to a sign-extended byte. ndisasm writes none of these.
   */
  reassemblable?: boolean;
}

const REG8 = REG8_OPERANDS.map((r) => r.toLowerCase());
const REG16 = REG16_OPERANDS.map((r) => r.toLowerCase());
const SEGMENTS = SEGMENT_OPERANDS.map((r) => r.toLowerCase());
/** The decoder's "no register" slot in base/index (registers.ts ZERO). */
const NO_REGISTER = 8;
const MOD_REGISTER = 0b11;

/** Mnemonics whose memory operand ndisasm prints without `byte`/`word` (its templates say `mem`, not `rm16`). */
const UNSIZED_MEMORY = new Set(['JMP', 'CALL', 'LEA', 'LES', 'LDS', 'SMSW', 'INVLPG']);
/** Operand kinds that give the operation a size, so ndisasm leaves the size off the memory operand. */
const SIZING_KINDS: ReadonlySet<OperandKind> = new Set(['Gb', 'Gw', 'Sw', 'AL', 'AX', 'Ob', 'Ow']);
/** Relative jumps ndisasm writes without `short` (their only encoding is short). */
const CONDITIONAL = /^(J(?!MP)|LOOP)/;

const hex = (n: number) => `0x${n.toString(16)}`;
const signed16 = (n: number) => (n & 0x8000 ? (n & 0xffff) - 0x10000 : n & 0xffff);

/** Why NASM cannot write an instruction the decoder found, or null when it can. */
function notAssemblable(instruction: Instruction): string | null {
  const entry = instruction.entry;
  if (instruction.prefixCount > 0 && entry.status === 'prefix') return 'prefixes only';
  switch (entry.status) {
    case 'alias':
      return `${entry.mnemonic.toLowerCase()}, an 8086 alias NASM does not encode`;
    case 'undefined':
      return entry.mnemonic.startsWith('(')
        ? 'invalid opcode (#UD)'
        : `undefined encoding, runs as ${entry.mnemonic.toLowerCase()}`;
    case 'fpu':
      return '8087 escape';
    case 'escape':
      return 'two-byte escape';
  }
  if (entry.status === 'undocumented' && !NASM_UNDOCUMENTED.has(entry.mnemonic)) {
    return `undocumented ${entry.mnemonic.toLowerCase()}`;
  }
  if (NOT_IN_NASM.has(entry.mnemonic)) return `${entry.mnemonic.toLowerCase()}`;
  if (entry.modrm !== undefined && instruction.hasModrm && modrmByte(instruction) !== entry.modrm) {
    return 'invalid opcode (#UD)';
  }
  if (entry.operands.includes('Sw') && instruction.reg > 3) return 'segment register alias';
  if (entry.operands.includes('Cr') && !CONTROL_REGISTERS.includes(instruction.reg))
    return 'no such control register';
  if (entry.operands.includes('Cr') && instruction.mod !== MOD_REGISTER)
    return 'MOV CRn with mod bits NASM does not emit';
  return null;
}

function modrmByte(instruction: Instruction): number {
  return (instruction.mod << 6) | (instruction.reg << 3) | instruction.rm;
}

const RM_BP = 0b110;
const MOD_DISP8 = 0b01;
const MOD_DISP16 = 0b10;

function memoryText(instruction: Instruction, size: string, reassemblable: boolean): string {
  const segment = instruction.segmentOverride >= 0 ? `${SEGMENTS[instruction.segmentOverride]}:` : '';
  const registers = [instruction.base, instruction.index]
    .filter((r) => r !== NO_REGISTER)
    .map((r) => REG16[r]);
  let address = registers.join('+');
  let dispSize = '';
  if (registers.length === 0) address = hex(instruction.disp & 0xffff);
  else if (instruction.hasModrm && instruction.mod !== 0) {
    const disp = signed16(instruction.disp);
    address += disp < 0 ? `-${hex(-disp)}` : `+${hex(disp)}`;
    // NASM drops a zero byte displacement (except after [bp]) and shortens a small word one.
    const mod = instruction.mod;
    if (reassemblable && mod === MOD_DISP8 && disp === 0 && instruction.rm !== RM_BP) dispSize = 'byte ';
    if (reassemblable && mod === MOD_DISP16 && disp >= -128 && disp <= 127) dispSize = 'word ';
  }
  return `${size}[${dispSize}${segment}${address}]`;
}

/** The ALU operations, whose word immediates NASM shortens to 83 /r ib when they fit. */
const SIGN_EXTENDABLE = new Set(['ADD', 'OR', 'ADC', 'SBB', 'AND', 'SUB', 'XOR', 'CMP']);

/** The NASM text of one decoded instruction at `address`, or null when NASM cannot write it. */
export function instructionText(
  instruction: Instruction,
  address: number,
  options: DisassembleOptions = {},
  waitPrefix = false
): string | null {
  if (notAssemblable(instruction)) return null;
  const entry = instruction.entry;
  const kinds = entry.operands;
  const mnemonic = entry.mnemonic;
  const registerOperand = (kind: OperandKind) =>
    SIZING_KINDS.has(kind) || ((kind === 'Eb' || kind === 'Ew') && !instruction.memory);
  const sized = !UNSIZED_MEMORY.has(mnemonic) && !kinds.some(registerOperand);
  const next = address + instruction.length;
  const exact = options.reassemblable === true;

  const operands = kinds.map((kind): string => {
    switch (kind) {
      case 'Eb':
      case 'Ew':
      case 'M':
      case 'Mp':
        if (!instruction.memory) return (kind === 'Eb' ? REG8 : REG16)[instruction.rm];
        if (kind === 'Mp')
          return memoryText(instruction, mnemonic === 'JMP' || mnemonic === 'CALL' ? 'far ' : '', exact);
        return memoryText(
          instruction,
          sized && kind !== 'M' ? (kind === 'Eb' ? 'byte ' : 'word ') : '',
          exact
        );
      case 'Rw':
        return `e${REG16[instruction.rm]}`;
      case 'Gb':
        return REG8[instruction.reg];
      case 'Gw':
        return REG16[instruction.reg];
      case 'Sw':
        return SEGMENTS[instruction.reg];
      case 'Cr':
        return `cr${instruction.reg}`;
      case 'Ib':
        return hex(instruction.imm & 0xff);
      case 'Ibs': {
        const value = signed16(instruction.imm);
        return value < 0 ? `byte -${hex(-value)}` : `byte +${hex(value)}`;
      }
      case 'Iw': {
        const value = signed16(instruction.imm);
        const shortenable = exact && SIGN_EXTENDABLE.has(mnemonic) && value >= -128 && value <= 127;
        return `${shortenable ? 'strict word ' : ''}${hex(instruction.imm & 0xffff)}`;
      }
      case 'Jb':
      case 'Jw': {
        const target = (next + signed16(instruction.imm)) & 0xffff;
        const conditional = CONDITIONAL.test(mnemonic);
        const short = kind === 'Jb' && (mnemonic === 'JMP' || (conditional && exact));
        return `${short ? 'short ' : ''}${hex(target)}`;
      }
      case 'Ap':
        return `${hex(instruction.imm2)}:${hex(instruction.imm)}`;
      case 'Ob':
      case 'Ow':
        return memoryText(instruction, '', false);
      case '1':
        return '1';
      default:
        return kind.toLowerCase();
    }
  });

  // NASM's XCHG template is `reg, r/m` (the table's is `r/m, reg`): ndisasm writes the register first.
  if (COMMUTATIVE[mnemonic] === 'reversed-first' && instruction.hasModrm) operands.reverse();
  // `aam`/`aad` with the default base 10 are written without the operand, as NASM and ndisasm do.
  if ((mnemonic === 'AAM' || mnemonic === 'AAD') && (instruction.imm & 0xff) === 10) operands.length = 0;

  const prefixes: string[] = [];
  const hasMemory =
    kinds.some((k) => k === 'Ob' || k === 'Ow') || (instruction.memory && instruction.hasModrm);
  if (instruction.segmentOverride >= 0 && !hasMemory) prefixes.push(SEGMENTS[instruction.segmentOverride]);
  if (waitPrefix) prefixes.push('wait');
  if (instruction.repeat === 0xf2) prefixes.push('repne');
  else if (instruction.repeat === 0xf3)
    prefixes.push(mnemonic.startsWith('CMPS') || mnemonic.startsWith('SCAS') ? 'repe' : 'rep');
  if (instruction.lock) prefixes.push('lock');
  const body = operands.length ? `${mnemonic.toLowerCase()} ${operands.join(',')}` : mnemonic.toLowerCase();
  return prefixes.length ? `${prefixes.join(' ')} ${body}` : body;
}

/** `db 0x82,0xc0,0x05 ; why`: bytes NASM cannot write as an instruction. */
function dbLine(bytes: number[], why: string): string {
  return `db ${bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(',')} ; ${why}`;
}

const WAIT = 0x9b;
/** Prefix bytes as ndisasm names them when they stand alone at the end of the bytes. */
const PREFIX_NAMES: Record<number, string> = {
  0xf0: 'lock',
  0xf2: 'repne',
  0xf3: 'rep',
  0x9b: 'wait',
  0x26: 'es',
  0x2e: 'cs',
  0x36: 'ss',
  0x3e: 'ds'
};

/** Disassemble one instruction from `source` at `address`. */
export function disassembleOne(
  source: ByteSource,
  address: number,
  options: DisassembleOptions = {}
): DisassembledLine {
  // NASM counts WAIT as a prefix: ndisasm prints a run of them with the instruction that follows
  // (`wait rep stosb`).
  let waits = 0;
  while (source.byteAt(waits) === WAIT && waits < 16) waits++;
  if (waits > 0 && source.byteAt(waits) !== WAIT) {
    const rest = decode({ byteAt: (offset) => source.byteAt(offset + waits) });
    const text = instructionText(rest, address + waits, options, true);
    if (text !== null) {
      const bytes = Array.from({ length: rest.length + waits }, (_, i) => source.byteAt(i));
      return { address, bytes, text };
    }
  }
  const instruction = decode(source);
  const bytes = Array.from({ length: instruction.length }, (_, i) => source.byteAt(i));
  const text = instructionText(instruction, address, options);
  return { address, bytes, text: text ?? dbLine(bytes, notAssemblable(instruction) ?? '') };
}

/** Disassemble a whole image, instruction after instruction. A final partial instruction becomes `db`. */
export function disassemble(image: ArrayLike<number>, options: DisassembleOptions = {}): DisassembledLine[] {
  const origin = options.origin ?? 0;
  const lines: DisassembledLine[] = [];
  let offset = 0;
  while (offset < image.length) {
    const source = bytesSource(image, offset);
    const line = disassembleOne(source, origin + offset, options);
    if (offset + line.bytes.length > image.length) {
      // The image ends inside this instruction: show the bytes that are there one by one, prefixes by name
      // and the rest as `db` (ndisasm's eatbyte()).
      for (let i = offset; i < image.length; i++) {
        const text = PREFIX_NAMES[image[i]] ?? `db 0x${image[i].toString(16).padStart(2, '0')}`;
        lines.push({ address: origin + i, bytes: [image[i]], text });
      }
      break;
    }
    lines.push(line);
    offset += line.bytes.length;
  }
  return lines;
}

const BYTES_PER_ROW = 8;

/** ndisasm's layout: `%08X  %-16s  text`, with bytes past the eighth on `-` continuation lines. */
export function formatDisassembly(lines: readonly DisassembledLine[]): string {
  const out: string[] = [];
  for (const line of lines) {
    const hexBytes = line.bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0'));
    const address = (line.address >>> 0).toString(16).toUpperCase().padStart(8, '0');
    out.push(`${address}  ${hexBytes.slice(0, BYTES_PER_ROW).join('').padEnd(16)}  ${line.text}`);
    for (let i = BYTES_PER_ROW; i < hexBytes.length; i += BYTES_PER_ROW) {
      out.push(`         -${hexBytes.slice(i, i + BYTES_PER_ROW).join('')}`);
    }
  }
  return out.join('\n') + (out.length ? '\n' : '');
}
