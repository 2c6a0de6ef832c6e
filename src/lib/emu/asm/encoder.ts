// The encoder: one instruction, its candidate table forms and this pass's operand values, into bytes. The
// choice among candidates is NASM's with its default optimisation (-Ox): the shortest encoding; between two
// of one length, the sign-extended imm8 form (83 /0 before 05), then the table's order (88/89 before 8A/8B).
// Jumps are short when the target is in the same section and within -128…+127 bytes — or not known yet on the
// first pass, where NASM is optimistic; a conditional jump that does not reach becomes NASM's jump over a near
// JMP (`jz far` → 75 03 E9 rel16) when the CPU level is below 386. The passes call this for every line whose
// bytes can change, so it allocates little: operand values and byte buffers are reused.

import type { OperandKind } from '../cpu/opcodes';
import { effectiveAddress } from './effective-address';
import type { Candidate } from './match';
import type { Columns, ImmediateOperand, InstructionBody, Operand } from './statements';
import { evaluate, isPlain, plain, type EvalContext, type Value } from './values';

export interface EncodeEnv extends EvalContext {
  /** The last pass, which writes the output and reports value-dependent errors. */
  final: boolean;
  /** The section and offset (from the section's start) of the instruction. */
  section: number;
  offset: number;
  /** The `cpu` level in force for this line. */
  cpu: number;
  /** A value as a number in the output: its offset plus its section's base address. */
  absolute(value: Value): bigint;
  error(message: string, columns: Columns, hint?: string): void;
  warning(message: string, columns: Columns): void;
}

const JUMP_OVER_LENGTH = 5;
/** NASM's near Jcc on a 386 (0F 80+cc rel16): 4 bytes; this machine cannot run it, so it is refused. */
const NEAR_JCC_LENGTH = 4;
const ZERO = plain(0n);

/** This pass's operand values: the value (immediate, displacement, far offset) and a far pointer's segment. */
const values: (Value | null)[] = [null, null, null];
const segments: (Value | null)[] = [null, null, null];
const bufferA: number[] = [];
const bufferB: number[] = [];

function loadValues(operands: readonly Operand[], env: EvalContext): void {
  for (let i = 0; i < operands.length; i++) {
    const op = operands[i];
    segments[i] = null;
    if (op.k === 'imm') values[i] = op.constant !== null ? plain(op.constant) : evaluate(op.expr, env);
    else if (op.k === 'mem') {
      values[i] =
        op.dispConstant !== null ? plain(op.dispConstant) : op.disp === null ? null : evaluate(op.disp, env);
    } else if (op.k === 'far') {
      values[i] = evaluate(op.offsetExpr, env);
      segments[i] = evaluate(op.segmentExpr, env);
    } else values[i] = null;
  }
}

/** NASM's SBYTEWORD test: the 16-bit value sign-extends from its low byte (or is unknown: be optimistic). */
function fitsSignedByte(value: Value | null, op: Operand): boolean {
  if ((op as ImmediateOperand).size === 1) return true;
  if (value === null) return false;
  if (value.unknown) return true;
  return isPlain(value) && ((Number(BigInt.asUintN(16, value.n)) + 128) & 0xffff) <= 255;
}

function isUnity(value: Value | null): boolean {
  return value !== null && (value.unknown || (isPlain(value) && value.n === 1n));
}

/** Whether the operand values rule a candidate out (an imm8 that does not fit, a shift count that is not 1). */
function valuesFit(candidate: Candidate, operands: readonly Operand[]): boolean {
  const kinds = candidate.form.operands;
  for (let k = 0; k < kinds.length; k++) {
    const index = candidate.order[k];
    if (kinds[k] === 'Ibs' && !fitsSignedByte(values[index], operands[index])) return false;
    if (kinds[k] === '1' && !isUnity(values[index])) return false;
  }
  return true;
}

/**
 * Encode `body` for this pass into `out` (cleared first). Returns false when the instruction cannot be
 * encoded (the error has been reported on the final pass); `out` then holds a placeholder of its size.
 */
export function encodeInstruction(body: InstructionBody, env: EncodeEnv, out: number[]): boolean {
  out.length = 0;
  const operands = body.operands;
  loadValues(operands, env);
  const here = env.here();
  let best: number[] | null = null;
  let bestCandidate: Candidate | null = null;
  let bestHasIbs = false;
  let relaxable = false;
  let hasNear = false;
  for (const c of body.candidates) if (c.form.operands[0] === 'Jw') hasNear = true;

  for (const candidate of body.candidates) {
    const kinds = candidate.form.operands;
    if (!valuesFit(candidate, operands)) continue;
    if (kinds[0] === 'Jb' && (hasNear || body.condition >= 0) && operands[0].distance !== 'short') {
      // NASM's jmp_match(): short only if the target provably fits (or is unknown on the first pass).
      if (!jumpFits(candidate, body, env)) {
        relaxable = true;
        continue;
      }
    }
    const scratch: number[] = best === bufferA ? bufferB : bufferA;
    scratch.length = 0;
    emit(candidate, body, env, here, scratch);
    const hasIbs = kinds.includes('Ibs');
    if (
      best === null ||
      scratch.length < best.length ||
      (scratch.length === best.length && hasIbs && !bestHasIbs)
    ) {
      best = scratch;
      bestCandidate = candidate;
      bestHasIbs = hasIbs;
    }
  }
  if (best !== null && bestCandidate !== null) {
    if (env.final) finalChecks(body, bestCandidate, env, best.length);
    for (let i = 0; i < best.length; i++) out.push(best[i]);
    return true;
  }
  if (relaxable && body.condition >= 0) return jumpOver(body, env, here, out);
  return refuse(body, env, out);
}

function jumpFits(candidate: Candidate, body: InstructionBody, env: EncodeEnv): boolean {
  const target = values[0];
  if (target === null || target.unknown) return true;
  if (target.mixed || target.coefficient !== 1 || target.section !== env.section) return false;
  // The short form's length: its prefixes, opcode and rel8.
  const length = body.prefixBytes.length + (candidate.form.twoByte ? 3 : 2);
  const delta = target.n - BigInt(env.offset + length);
  return delta >= -128n && delta <= 127n;
}

/** A conditional jump beyond short range: invert it over a near JMP (8086), as NASM does below `cpu 386`. */
function jumpOver(body: InstructionBody, env: EncodeEnv, here: Value, out: number[]): boolean {
  if (env.cpu >= 386) {
    if (env.final) {
      env.error(
        'conditional jump out of range: the 8086 has only short conditional jumps (-128…+127 bytes)',
        body.operands[0],
        'add `cpu 8086` at the top and NASM-style jump-over code is made for you (or jump over a `jmp`)'
      );
    }
    for (let i = body.prefixBytes.length + NEAR_JCC_LENGTH; i > 0; i--) out.push(0);
    return false;
  }
  for (const byte of body.prefixBytes) out.push(byte);
  const length = body.prefixBytes.length + JUMP_OVER_LENGTH;
  const target = values[0];
  const rel = target === null ? 0n : env.absolute(target) - env.absolute(here) - BigInt(length);
  out.push(0x70 | (body.condition ^ 1), 0x03, 0xe9);
  pushWord(out, rel);
  return true;
}

function refuse(body: InstructionBody, env: EncodeEnv, out: number[]): boolean {
  const shift = body.candidates.find((c) => c.form.operands[1] === '1');
  if (shift && env.final) {
    const count = values[1];
    const n = count && isPlain(count) ? count.n.toString() : 'that';
    env.error(
      `the 8086 shifts by 1 or by CL only; shifting by ${n} at once needs a 186`,
      body.operands[1],
      `mov cl, ${n} then ${body.mnemonic} …, cl`
    );
  } else if (env.final) {
    env.error(`${body.mnemonic}: no encoding fits these operand values`, body.mnemonicColumns);
  }
  for (const byte of body.prefixBytes) out.push(byte);
  out.push(0, 0);
  return false;
}

function pushWord(out: number[], value: bigint): void {
  const n = Number(BigInt.asUintN(16, value));
  out.push(n & 0xff, n >> 8);
}

function pushByte(out: number[], value: bigint): void {
  out.push(Number(BigInt.asUintN(8, value)));
}

const MODRM_RM_KINDS: ReadonlySet<OperandKind> = new Set(['Eb', 'Ew', 'M', 'Mp', 'Rw']);
const MODRM_REG_KINDS: ReadonlySet<OperandKind> = new Set(['Gb', 'Gw', 'Sw', 'Cr']);

/** Write the bytes of one candidate: prefixes, [0F,] opcode, ModRM, displacement, immediates. */
function emit(candidate: Candidate, body: InstructionBody, env: EncodeEnv, here: Value, out: number[]): void {
  const { form, order } = candidate;
  const kinds = form.operands;
  const operands = body.operands;
  const start = out.length;
  for (const byte of body.prefixBytes) out.push(byte);
  if (form.twoByte) out.push(0x0f);
  out.push(form.opcode);

  let dispBytes = 0;
  let disp: Value | null = null;
  if (form.fixedModrm >= 0) out.push(form.fixedModrm);
  else if (form.hasModrm) {
    let reg = form.reg >= 0 ? form.reg : 0;
    let modrm = 0b11_000_000;
    for (let k = 0; k < kinds.length; k++) {
      const op = operands[order[k]];
      if (MODRM_REG_KINDS.has(kinds[k]) && op.k === 'reg') reg = op.reg.number;
      else if (MODRM_RM_KINDS.has(kinds[k])) {
        if (op.k === 'reg') modrm = 0b11_000_000 | op.reg.number;
        else if (op.k === 'mem') {
          disp = values[order[k]];
          const ea = effectiveAddress(op.base, op.index, disp, op.dispSize);
          modrm = ea.modrm;
          dispBytes = ea.dispBytes;
        }
      }
    }
    out.push(modrm | (reg << 3));
  }
  if (dispBytes === 1) pushByte(out, disp === null ? 0n : env.absolute(disp));
  else if (dispBytes === 2) pushWord(out, disp === null ? 0n : env.absolute(disp));

  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k];
    const value = values[order[k]];
    switch (kind) {
      case 'Ib':
      case 'Ibs':
        pushByte(out, value === null ? 0n : env.absolute(value));
        break;
      case 'Iw':
      case 'Ob':
      case 'Ow':
        pushWord(out, value === null ? 0n : env.absolute(value));
        break;
      case 'Ap':
        pushWord(out, value === null ? 0n : env.absolute(value));
        pushWord(out, env.absolute(segments[order[k]] ?? ZERO));
        break;
      case 'Jb':
      case 'Jw': {
        // The displacement counts from the end of the instruction: its length is known once the rel field is in.
        const length = out.length - start + (kind === 'Jb' ? 1 : 2);
        const rel =
          value === null || value.unknown ? 0n : env.absolute(value) - env.absolute(here) - BigInt(length);
        if (kind === 'Jb') pushByte(out, rel);
        else pushWord(out, rel);
        break;
      }
    }
  }
}

/**
 * Checks that only the final pass makes, on the chosen encoding: a short jump that does not reach, and
 * numbers too large for their field (truncated with a warning, as NASM does).
 */
function finalChecks(body: InstructionBody, candidate: Candidate, env: EncodeEnv, length: number): void {
  const kinds = candidate.form.operands;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k];
    const op = body.operands[candidate.order[k]];
    const value = values[candidate.order[k]];
    if (value === null || value.unknown) continue;
    if (kind === 'Jb') {
      const rel = env.absolute(value) - env.absolute(env.here()) - BigInt(length);
      if (rel < -128n || rel > 127n) {
        const loop = body.mnemonic.startsWith('loop') || body.mnemonic === 'jcxz';
        env.error(
          `short jump is out of range: the target is ${rel} bytes away, a short jump reaches -128…+127`,
          op,
          loop
            ? `use dec cx / jnz instead of ${body.mnemonic}`
            : 'leave out `short` so the assembler can use a near jump'
        );
      }
      continue;
    }
    if (!isPlain(value)) continue;
    // A sign-extended imm8 chosen by value fits by construction; `byte` forces it whatever the value.
    if (kind === 'Ibs' && (op as ImmediateOperand).size !== 1) continue;
    const bits = kind === 'Ib' || kind === 'Ibs' ? 8 : kind === 'Iw' ? 16 : 0;
    if (bits === 0) continue;
    const limit = 1n << BigInt(bits);
    const n = value.n;
    const tooBig = kind === 'Ibs' ? n < -128n || n > 255n : n >= limit || n < -limit;
    if (tooBig)
      env.warning(`${bits === 8 ? 'byte' : 'word'} value ${n} does not fit and is cut to ${bits} bits`, op);
  }
}
