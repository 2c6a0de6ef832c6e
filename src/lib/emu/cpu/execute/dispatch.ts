// Dispatch: which executor runs each form of the opcode map, and the switch that calls it.
//
// resolve() matches an opcode-table entry (mnemonic and operand form) with its executor and parameter; the CPU
// stores both on every decoded instruction. execute() is a switch over the executor's number with a direct
// call in each case. It is a switch, not a table of functions, for speed: V8 calls a function held in a
// variable through a generic builtin (about a fifth of the step time when measured), while a direct call to a
// known function is cheap and can be inlined. HANDLERS lists the executors in the order of the case labels;
// tests/unit/cpu/dispatch.test.ts checks that the two agree and that every table entry resolves.

import { ALU_MNEMONICS } from '../alu';
import { SHIFT_MNEMONICS } from '../shifts';
import type { OpcodeEntry } from '../opcodes';
import {
  JCC_MNEMONICS,
  OPCODES,
  OPCODES_0F,
  REG16_OPERANDS,
  REG8_OPERANDS,
  SEGMENT_OPERANDS,
  entryFor
} from '../opcode-table';
import { FORM_COUNT, formIndex } from '../instruction';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import type { Handler } from './handler';
import * as A from './arithmetic';
import * as M from './muldiv';
import * as S from './shift';
import * as D from './decimal';
import * as T from './transfer';
import * as K from './stack';
import * as C from './control';
import * as Str from './string';
import * as IO from './io';
import * as P from './processor';
import * as Sys from './system';

/** Every executor; its index is its number in execute()'s switch. */
export const HANDLERS: readonly Handler[] = [
  P.invalidOpcode, // 0
  P.nothing,
  A.aluEbGb,
  A.aluEwGw,
  A.aluGbEb,
  A.aluGwEw, // 5
  A.aluAlIb,
  A.aluAxIw,
  A.aluEbIb,
  A.aluEwIw,
  A.testEbGb, // 10
  A.testEwGw,
  A.testEbIb,
  A.testEwIw,
  A.testAlIb,
  A.testAxIw, // 15
  A.incEb,
  A.incEw,
  A.incReg,
  A.decEb,
  A.decEw, // 20
  A.decReg,
  A.negEb,
  A.negEw,
  A.notEb,
  A.notEw, // 25
  M.mulEb,
  M.mulEw,
  M.imulEb,
  M.imulEw,
  M.divEb, // 30
  M.divEw,
  M.idivEb,
  M.idivEw,
  S.shiftEb1,
  S.shiftEw1, // 35
  S.shiftEbCl,
  S.shiftEwCl,
  D.daaOp,
  D.dasOp,
  D.aaaOp, // 40
  D.aasOp,
  D.aamOp,
  D.aadOp,
  T.movEbGb,
  T.movEwGw, // 45
  T.movGbEb,
  T.movGwEw,
  T.movEwSw,
  T.movSwEw,
  T.movAlOb, // 50
  T.movAxOw,
  T.movObAl,
  T.movOwAx,
  T.movEbIb,
  T.movEwIw, // 55
  T.movReg8Ib,
  T.movReg16Iw,
  T.xchgEbGb,
  T.xchgEwGw,
  T.xchgAxReg, // 60
  T.lea,
  T.les,
  T.lds,
  T.xlatb,
  T.lahf, // 65
  T.sahf,
  T.cbw,
  T.cwd,
  T.salc,
  K.pushReg, // 70
  K.pushEw,
  K.pushEb,
  K.pushSeg,
  K.popReg,
  K.popEw, // 75
  K.popSeg,
  K.pushf,
  K.popf,
  C.jumpIf,
  C.jumpRelative, // 80
  C.jumpFarImmediate,
  C.jumpEw,
  C.jumpEb,
  C.jumpFarIndirect,
  C.callRelative, // 85
  C.callFarImmediate,
  C.callEw,
  C.callEb,
  C.callFarIndirect,
  C.returnNear, // 90
  C.returnNearRelease,
  C.returnFar,
  C.returnFarRelease,
  C.loop,
  C.loopWhileEqual, // 95
  C.loopWhileNotEqual,
  C.jcxz,
  Str.movsb,
  Str.movsw,
  Str.cmpsb, // 100
  Str.cmpsw,
  Str.stosb,
  Str.stosw,
  Str.lodsb,
  Str.lodsw, // 105
  Str.scasb,
  Str.scasw,
  IO.inAlIb,
  IO.inAxIb,
  IO.inAlDx, // 110
  IO.inAxDx,
  IO.outIbAl,
  IO.outIbAx,
  IO.outDxAl,
  IO.outDxAx, // 115
  P.intImmediate,
  P.int3,
  P.into,
  P.iret,
  P.hlt, // 120
  P.cmc,
  P.clc,
  P.stc,
  P.cli,
  P.sti, // 125
  P.cld,
  P.std,
  P.esc,
  Sys.movToControl,
  Sys.movFromControl, // 130
  Sys.smsw,
  Sys.invlpg,
  Sys.vmcall,
  Sys.ud2
];

/**
 * Run instruction i with the executor the CPU stored on it (see resolve).
 *
 * Two switches, for speed: this first one holds the executors of the instructions that make up most of real
 * code (MOV, the ALU forms, INC/DEC, Jcc, JMP, CALL/RET, PUSH/POP, LOOP, SHL by 1); it is small enough for V8
 * to inline into the CPU's run loop, together with the hottest executors. Every other executor is reached
 * through executeOther. Measured on the benchmark workloads: 10–20% faster than one switch of all 129 cases;
 * a first switch much larger than this one is too big to inline and loses the gain.
 */
export function execute(cpu: Cpu, i: Instruction): void {
  // prettier-ignore
  switch (i.handler) {
    case 2: return A.aluEbGb(cpu, i);
    case 3: return A.aluEwGw(cpu, i);
    case 4: return A.aluGbEb(cpu, i);
    case 5: return A.aluGwEw(cpu, i);
    case 8: return A.aluEbIb(cpu, i);
    case 9: return A.aluEwIw(cpu, i);
    case 18: return A.incReg(cpu, i);
    case 21: return A.decReg(cpu, i);
    case 35: return S.shiftEw1(cpu, i);
    case 44: return T.movEbGb(cpu, i);
    case 45: return T.movEwGw(cpu, i);
    case 46: return T.movGbEb(cpu, i);
    case 47: return T.movGwEw(cpu, i);
    case 54: return T.movEbIb(cpu, i);
    case 57: return T.movReg16Iw(cpu, i);
    case 70: return K.pushReg(cpu, i);
    case 74: return K.popReg(cpu, i);
    case 79: return C.jumpIf(cpu, i);
    case 80: return C.jumpRelative(cpu, i);
    case 85: return C.callRelative(cpu, i);
    case 90: return C.returnNear(cpu);
    case 94: return C.loop(cpu, i);
    default: return executeOther(cpu, i);
  }
}

/** Every executor, by number (the common ones appear in both switches). */
function executeOther(cpu: Cpu, i: Instruction): void {
  // prettier-ignore
  switch (i.handler) {
    case 0: return P.invalidOpcode(cpu, i);
    case 1: return P.nothing();
    case 2: return A.aluEbGb(cpu, i);
    case 3: return A.aluEwGw(cpu, i);
    case 4: return A.aluGbEb(cpu, i);
    case 5: return A.aluGwEw(cpu, i);
    case 6: return A.aluAlIb(cpu, i);
    case 7: return A.aluAxIw(cpu, i);
    case 8: return A.aluEbIb(cpu, i);
    case 9: return A.aluEwIw(cpu, i);
    case 10: return A.testEbGb(cpu, i);
    case 11: return A.testEwGw(cpu, i);
    case 12: return A.testEbIb(cpu, i);
    case 13: return A.testEwIw(cpu, i);
    case 14: return A.testAlIb(cpu, i);
    case 15: return A.testAxIw(cpu, i);
    case 16: return A.incEb(cpu, i);
    case 17: return A.incEw(cpu, i);
    case 18: return A.incReg(cpu, i);
    case 19: return A.decEb(cpu, i);
    case 20: return A.decEw(cpu, i);
    case 21: return A.decReg(cpu, i);
    case 22: return A.negEb(cpu, i);
    case 23: return A.negEw(cpu, i);
    case 24: return A.notEb(cpu, i);
    case 25: return A.notEw(cpu, i);
    case 26: return M.mulEb(cpu, i);
    case 27: return M.mulEw(cpu, i);
    case 28: return M.imulEb(cpu, i);
    case 29: return M.imulEw(cpu, i);
    case 30: return M.divEb(cpu, i);
    case 31: return M.divEw(cpu, i);
    case 32: return M.idivEb(cpu, i);
    case 33: return M.idivEw(cpu, i);
    case 34: return S.shiftEb1(cpu, i);
    case 35: return S.shiftEw1(cpu, i);
    case 36: return S.shiftEbCl(cpu, i);
    case 37: return S.shiftEwCl(cpu, i);
    case 38: return D.daaOp(cpu);
    case 39: return D.dasOp(cpu);
    case 40: return D.aaaOp(cpu);
    case 41: return D.aasOp(cpu);
    case 42: return D.aamOp(cpu, i);
    case 43: return D.aadOp(cpu, i);
    case 44: return T.movEbGb(cpu, i);
    case 45: return T.movEwGw(cpu, i);
    case 46: return T.movGbEb(cpu, i);
    case 47: return T.movGwEw(cpu, i);
    case 48: return T.movEwSw(cpu, i);
    case 49: return T.movSwEw(cpu, i);
    case 50: return T.movAlOb(cpu, i);
    case 51: return T.movAxOw(cpu, i);
    case 52: return T.movObAl(cpu, i);
    case 53: return T.movOwAx(cpu, i);
    case 54: return T.movEbIb(cpu, i);
    case 55: return T.movEwIw(cpu, i);
    case 56: return T.movReg8Ib(cpu, i);
    case 57: return T.movReg16Iw(cpu, i);
    case 58: return T.xchgEbGb(cpu, i);
    case 59: return T.xchgEwGw(cpu, i);
    case 60: return T.xchgAxReg(cpu, i);
    case 61: return T.lea(cpu, i);
    case 62: return T.les(cpu, i);
    case 63: return T.lds(cpu, i);
    case 64: return T.xlatb(cpu, i);
    case 65: return T.lahf(cpu);
    case 66: return T.sahf(cpu);
    case 67: return T.cbw(cpu);
    case 68: return T.cwd(cpu);
    case 69: return T.salc(cpu);
    case 70: return K.pushReg(cpu, i);
    case 71: return K.pushEw(cpu, i);
    case 72: return K.pushEb(cpu, i);
    case 73: return K.pushSeg(cpu, i);
    case 74: return K.popReg(cpu, i);
    case 75: return K.popEw(cpu, i);
    case 76: return K.popSeg(cpu, i);
    case 77: return K.pushf(cpu, i);
    case 78: return K.popf(cpu, i);
    case 79: return C.jumpIf(cpu, i);
    case 80: return C.jumpRelative(cpu, i);
    case 81: return C.jumpFarImmediate(cpu, i);
    case 82: return C.jumpEw(cpu, i);
    case 83: return C.jumpEb(cpu, i);
    case 84: return C.jumpFarIndirect(cpu, i);
    case 85: return C.callRelative(cpu, i);
    case 86: return C.callFarImmediate(cpu, i);
    case 87: return C.callEw(cpu, i);
    case 88: return C.callEb(cpu, i);
    case 89: return C.callFarIndirect(cpu, i);
    case 90: return C.returnNear(cpu);
    case 91: return C.returnNearRelease(cpu, i);
    case 92: return C.returnFar(cpu);
    case 93: return C.returnFarRelease(cpu, i);
    case 94: return C.loop(cpu, i);
    case 95: return C.loopWhileEqual(cpu, i);
    case 96: return C.loopWhileNotEqual(cpu, i);
    case 97: return C.jcxz(cpu, i);
    case 98: return Str.movsb(cpu, i);
    case 99: return Str.movsw(cpu, i);
    case 100: return Str.cmpsb(cpu, i);
    case 101: return Str.cmpsw(cpu, i);
    case 102: return Str.stosb(cpu, i);
    case 103: return Str.stosw(cpu, i);
    case 104: return Str.lodsb(cpu, i);
    case 105: return Str.lodsw(cpu, i);
    case 106: return Str.scasb(cpu, i);
    case 107: return Str.scasw(cpu, i);
    case 108: return IO.inAlIb(cpu, i);
    case 109: return IO.inAxIb(cpu, i);
    case 110: return IO.inAlDx(cpu, i);
    case 111: return IO.inAxDx(cpu, i);
    case 112: return IO.outIbAl(cpu, i);
    case 113: return IO.outIbAx(cpu, i);
    case 114: return IO.outDxAl(cpu, i);
    case 115: return IO.outDxAx(cpu, i);
    case 116: return P.intImmediate(cpu, i);
    case 117: return P.int3(cpu, i);
    case 118: return P.into(cpu, i);
    case 119: return P.iret(cpu, i);
    case 120: return P.hlt(cpu, i);
    case 121: return P.cmc(cpu);
    case 122: return P.clc(cpu);
    case 123: return P.stc(cpu);
    case 124: return P.cli(cpu, i);
    case 125: return P.sti(cpu, i);
    case 126: return P.cld(cpu);
    case 127: return P.std(cpu);
    case 128: return P.esc(cpu, i);
    case 129: return Sys.movToControl(cpu, i);
    case 130: return Sys.movFromControl(cpu, i);
    case 131: return Sys.smsw(cpu, i);
    case 132: return Sys.invlpg(cpu, i);
    case 133: return Sys.vmcall(cpu, i);
    case 134: return Sys.ud2(cpu, i);
    default: throw new Error(`no executor number ${i.handler}`);
  }
}

// ---- from the opcode table to executors ----

/** Executors by "MNEMONIC form", for the forms that are not a family with an operation number. */
const BY_FORM: Record<string, Handler> = {
  'TEST Eb,Gb': A.testEbGb,
  'TEST Ew,Gw': A.testEwGw,
  'TEST Eb,Ib': A.testEbIb,
  'TEST Ew,Iw': A.testEwIw,
  'TEST AL,Ib': A.testAlIb,
  'TEST AX,Iw': A.testAxIw,
  'INC Eb': A.incEb,
  'INC Ew': A.incEw,
  'INC r16': A.incReg,
  'DEC Eb': A.decEb,
  'DEC Ew': A.decEw,
  'DEC r16': A.decReg,
  'NEG Eb': A.negEb,
  'NEG Ew': A.negEw,
  'NOT Eb': A.notEb,
  'NOT Ew': A.notEw,
  'MUL Eb': M.mulEb,
  'MUL Ew': M.mulEw,
  'IMUL Eb': M.imulEb,
  'IMUL Ew': M.imulEw,
  'DIV Eb': M.divEb,
  'DIV Ew': M.divEw,
  'IDIV Eb': M.idivEb,
  'IDIV Ew': M.idivEw,
  'DAA ': D.daaOp,
  'DAS ': D.dasOp,
  'AAA ': D.aaaOp,
  'AAS ': D.aasOp,
  'AAM Ib': D.aamOp,
  'AAD Ib': D.aadOp,
  'MOV Eb,Gb': T.movEbGb,
  'MOV Ew,Gw': T.movEwGw,
  'MOV Gb,Eb': T.movGbEb,
  'MOV Gw,Ew': T.movGwEw,
  'MOV Ew,Sw': T.movEwSw,
  'MOV Sw,Ew': T.movSwEw,
  'MOV AL,Ob': T.movAlOb,
  'MOV AX,Ow': T.movAxOw,
  'MOV Ob,AL': T.movObAl,
  'MOV Ow,AX': T.movOwAx,
  'MOV Eb,Ib': T.movEbIb,
  'MOV Ew,Iw': T.movEwIw,
  'MOV r8,Ib': T.movReg8Ib,
  'MOV r16,Iw': T.movReg16Iw,
  'XCHG Eb,Gb': T.xchgEbGb,
  'XCHG Ew,Gw': T.xchgEwGw,
  'XCHG AX,r16': T.xchgAxReg,
  'NOP ': P.nothing,
  'LEA Gw,M': T.lea,
  'LES Gw,Mp': T.les,
  'LDS Gw,Mp': T.lds,
  'XLATB ': T.xlatb,
  'LAHF ': T.lahf,
  'SAHF ': T.sahf,
  'CBW ': T.cbw,
  'CWD ': T.cwd,
  'SALC ': T.salc,
  'PUSH r16': K.pushReg,
  'PUSH Ew': K.pushEw,
  'PUSH Eb': K.pushEb,
  'PUSH seg': K.pushSeg,
  'POP r16': K.popReg,
  'POP Ew': K.popEw,
  'POP seg': K.popSeg,
  'PUSHF ': K.pushf,
  'POPF ': K.popf,
  'JMP Jb': C.jumpRelative,
  'JMP Jw': C.jumpRelative,
  'JMP Ap': C.jumpFarImmediate,
  'JMP Ew': C.jumpEw,
  'JMP Eb': C.jumpEb,
  'JMP Mp': C.jumpFarIndirect,
  'CALL Jw': C.callRelative,
  'CALL Ap': C.callFarImmediate,
  'CALL Ew': C.callEw,
  'CALL Eb': C.callEb,
  'CALL Mp': C.callFarIndirect,
  'RET ': C.returnNear,
  'RET Iw': C.returnNearRelease,
  'RETF ': C.returnFar,
  'RETF Iw': C.returnFarRelease,
  'LOOP Jb': C.loop,
  'LOOPE Jb': C.loopWhileEqual,
  'LOOPNE Jb': C.loopWhileNotEqual,
  'JCXZ Jb': C.jcxz,
  'MOVSB ': Str.movsb,
  'MOVSW ': Str.movsw,
  'CMPSB ': Str.cmpsb,
  'CMPSW ': Str.cmpsw,
  'STOSB ': Str.stosb,
  'STOSW ': Str.stosw,
  'LODSB ': Str.lodsb,
  'LODSW ': Str.lodsw,
  'SCASB ': Str.scasb,
  'SCASW ': Str.scasw,
  'IN AL,Ib': IO.inAlIb,
  'IN AX,Ib': IO.inAxIb,
  'IN AL,DX': IO.inAlDx,
  'IN AX,DX': IO.inAxDx,
  'OUT Ib,AL': IO.outIbAl,
  'OUT Ib,AX': IO.outIbAx,
  'OUT DX,AL': IO.outDxAl,
  'OUT DX,AX': IO.outDxAx,
  'INT Ib': P.intImmediate,
  'INT3 ': P.int3,
  'INTO ': P.into,
  'IRET ': P.iret,
  'HLT ': P.hlt,
  'CMC ': P.cmc,
  'CLC ': P.clc,
  'STC ': P.stc,
  'CLI ': P.cli,
  'STI ': P.sti,
  'CLD ': P.cld,
  'STD ': P.std,
  'WAIT ': P.nothing,
  'ESC Ew': P.esc,
  '(#UD) ': P.invalidOpcode,
  'MOV Cr,Rw': Sys.movToControl,
  'MOV Rw,Cr': Sys.movFromControl,
  'SMSW Ew': Sys.smsw,
  'INVLPG M': Sys.invlpg,
  'VMCALL ': Sys.vmcall,
  'UD2 ': Sys.ud2
};

/** The eight ALU operations (op = ModRM reg order) in each operand form. */
const ALU_BY_FORM: Record<string, Handler> = {
  'Eb,Gb': A.aluEbGb,
  'Ew,Gw': A.aluEwGw,
  'Gb,Eb': A.aluGbEb,
  'Gw,Ew': A.aluGwEw,
  'AL,Ib': A.aluAlIb,
  'AX,Iw': A.aluAxIw,
  'Eb,Ib': A.aluEbIb,
  'Ew,Iw': A.aluEwIw,
  'Ew,Ibs': A.aluEwIw
};

const SHIFT_BY_FORM: Record<string, Handler> = {
  'Eb,1': S.shiftEb1,
  'Ew,1': S.shiftEw1,
  'Eb,CL': S.shiftEbCl,
  'Ew,CL': S.shiftEwCl
};

export interface Resolved {
  /** Executor number: the case of execute() and the index in HANDLERS. */
  handler: number;
  /** Its parameter: the ALU or shift operation, the condition code, or the register number. */
  op: number;
}

function registerClass(operand: string): { kind: string; number: number } | null {
  for (const [names, kind] of [
    [REG16_OPERANDS, 'r16'],
    [REG8_OPERANDS, 'r8'],
    [SEGMENT_OPERANDS, 'seg']
  ] as const) {
    const number = (names as readonly string[]).indexOf(operand);
    if (number >= 0) return { kind, number };
  }
  return null;
}

function numbered(handler: Handler, op: number): Resolved {
  const number = HANDLERS.indexOf(handler);
  if (number < 0) throw new Error(`executor ${handler.name} is not in HANDLERS`);
  return { handler: number, op };
}

/** The executor of an opcode-table entry; throws for an entry no executor implements (a bug, found at load). */
export function resolve(entry: OpcodeEntry): Resolved {
  const { mnemonic, operands } = entry;
  const form = operands.join(',');
  if (entry.status === 'prefix' || entry.status === 'escape') return numbered(P.nothing, 0);
  const aluOp = (ALU_MNEMONICS as readonly string[]).indexOf(mnemonic);
  if (aluOp >= 0 && ALU_BY_FORM[form]) return numbered(ALU_BY_FORM[form], aluOp);
  const shiftOp = (SHIFT_MNEMONICS as readonly string[]).indexOf(mnemonic === 'SETMOC' ? 'SETMO' : mnemonic);
  if (shiftOp >= 0 && SHIFT_BY_FORM[form]) return numbered(SHIFT_BY_FORM[form], shiftOp);
  if ((JCC_MNEMONICS as readonly string[]).includes(mnemonic)) return numbered(C.jumpIf, entry.opcode & 0x0f);
  const exact = BY_FORM[`${mnemonic} ${form}`];
  if (exact) return numbered(exact, 0);
  // Forms that name a register in the opcode byte (INC AX, MOV CL,Ib, PUSH ES, XCHG AX,CX…): the named
  // register is the parameter.
  for (let position = 0; position < operands.length; position++) {
    const named = registerClass(operands[position]);
    if (!named) continue;
    const general = operands.map((operand, p) => (p === position ? named.kind : operand)).join(',');
    const handler = BY_FORM[`${mnemonic} ${general}`];
    if (handler) return numbered(handler, named.number);
  }
  throw new Error(`no executor for ${mnemonic} ${form} (opcode ${entry.opcode.toString(16)})`);
}

/** Executor number and parameter for every dispatch form (see instruction.ts, formIndex). */
export const FORM_HANDLER = new Uint8Array(FORM_COUNT);
export const FORM_OP = new Uint8Array(FORM_COUNT);
for (const [slots, twoByte] of [
  [OPCODES, false],
  [OPCODES_0F, true]
] as const) {
  for (const slot of slots) {
    for (let reg = 0; reg < 8; reg++) {
      const { handler, op } = resolve(entryFor(slot, reg));
      const form = formIndex(twoByte, slot.opcode, reg);
      FORM_HANDLER[form] = handler;
      FORM_OP[form] = op;
    }
  }
}
