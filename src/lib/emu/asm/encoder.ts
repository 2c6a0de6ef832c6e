// The encoder: one instruction, its candidate table forms and this pass's operand values, into bytes. The
// choice among candidates is NASM's with its default optimisation (-Ox): the shortest encoding; between two
// of one length, the sign-extended imm8 form (83 /0 before 05), then the table's order (88/89 before 8A/8B).
// Jumps are short when the target is in the same section and within -128…+127 bytes — or not known yet on the
// first pass, where NASM is optimistic; a conditional jump that does not reach becomes NASM's jump over a near
// JMP (`jz far` → 75 03 E9 rel16) when the CPU level is below 386.

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

/** One operand's value(s) for this pass. */
interface OperandValues {
  value: Value | null;
  /** The segment of a far pointer. */
  segment: Value | null;
}

const JUMP_OVER_LENGTH = 5;
/** NASM's near Jcc on a 386 (0F 80+cc rel16): 4 bytes; this machine cannot run it, so it is refused. */
const NEAR_JCC_LENGTH = 4;

function valuesOf(op: Operand, env: EvalContext): OperandValues {
  switch (op.k) {
    case 'imm':
      return { value: op.constant !== null ? plain(op.constant) : evaluate(op.expr, env), segment: null };
    case 'mem':
      return { value: op.disp === null ? null : evaluate(op.disp, env), segment: null };
    case 'far':
      return { value: evaluate(op.offsetExpr, env), segment: evaluate(op.segmentExpr, env) };
    default:
      return { value: null, segment: null };
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

/**
 * Encode `body` for this pass into `out` (cleared first). Returns false when the instruction cannot be
 * encoded (the error has been reported on the final pass); `out` then holds a same-length placeholder.
 */
export function encodeInstruction(body: InstructionBody, env: EncodeEnv, out: number[]): boolean {
  out.length = 0;
  const values = body.operands.map((op) => valuesOf(op, env));
  const here = env.here();
  let best: number[] | null = null;
  let bestCandidate: Candidate | null = null;
  let bestHasIbs = false;
  const scratch: number[] = [];
  let relaxableShort: Candidate | null = null;
  const hasNear = body.candidates.some((c) => c.form.operands[0] === 'Jw');

  for (const candidate of body.candidates) {
    const kinds = candidate.form.operands;
    if (
      kinds.some(
        (kind, k) =>
          kind === 'Ibs' &&
          !fitsSignedByte(values[candidate.order[k]].value, body.operands[candidate.order[k]])
      )
    )
      continue;
    if (kinds.some((kind, k) => kind === '1' && !isUnity(values[candidate.order[k]].value))) continue;
    if (kinds[0] === 'Jb' && (hasNear || body.condition >= 0) && body.operands[0].distance !== 'short') {
      // NASM's jmp_match(): short only if the target provably fits (or is unknown on the first pass).
      if (!jumpFits(candidate, body, values[0].value, env, scratch)) {
        relaxableShort = candidate;
        continue;
      }
    }
    scratch.length = 0;
    emit(candidate, body, values, env, here, scratch);
    const hasIbs = kinds.includes('Ibs');
    if (
      best === null ||
      scratch.length < best.length ||
      (scratch.length === best.length && hasIbs && !bestHasIbs)
    ) {
      best = scratch.slice();
      bestCandidate = candidate;
      bestHasIbs = hasIbs;
    }
  }
  if (best !== null && bestCandidate !== null) {
    if (env.final)
      finalChecks(body, bestCandidate.form.operands, bestCandidate.order, values, env, best.length);
    out.push(...best);
    return true;
  }
  if (relaxableShort && body.condition >= 0) return jumpOver(body, values[0].value, env, here, out);
  return refuse(body, values, env, out);
}

function jumpFits(
  candidate: Candidate,
  body: InstructionBody,
  target: Value | null,
  env: EncodeEnv,
  scratch: number[]
): boolean {
  if (target === null || target.unknown) return true;
  if (target.mixed || target.coefficient !== 1 || target.section !== env.section) return false;
  scratch.length = 0;
  emit(candidate, body, [{ value: plain(0n), segment: null }], env, env.here(), scratch);
  const delta = target.n - BigInt(env.offset + scratch.length);
  return delta >= -128n && delta <= 127n;
}

/** A conditional jump beyond short range: invert it over a near JMP (8086), as NASM does below `cpu 386`. */
function jumpOver(
  body: InstructionBody,
  target: Value | null,
  env: EncodeEnv,
  here: Value,
  out: number[]
): boolean {
  const columns = body.operands[0];
  if (env.cpu >= 386) {
    if (env.final) {
      env.error(
        'conditional jump out of range: the 8086 has only short conditional jumps (-128…+127 bytes)',
        columns,
        'add `cpu 8086` at the top and NASM-style jump-over code is made for you (or jump over a `jmp`)'
      );
    }
    out.push(...new Array<number>(body.prefixBytes.length + NEAR_JCC_LENGTH).fill(0));
    return false;
  }
  out.push(...body.prefixBytes);
  const length = body.prefixBytes.length + JUMP_OVER_LENGTH;
  const rel = target === null ? 0n : env.absolute(target) - env.absolute(here) - BigInt(length);
  out.push(0x70 | (body.condition ^ 1), 0x03, 0xe9);
  pushWord(out, rel);
  return true;
}

function refuse(body: InstructionBody, values: OperandValues[], env: EncodeEnv, out: number[]): boolean {
  const shift = body.candidates.find((c) => c.form.operands[1] === '1');
  if (shift && env.final) {
    const count = values[1].value;
    const n = count && isPlain(count) ? count.n.toString() : 'that';
    env.error(
      `the 8086 shifts by 1 or by CL only; shifting by ${n} at once needs a 186`,
      body.operands[1],
      `mov cl, ${n} then ${body.mnemonic} ${'…'}, cl`
    );
  } else if (env.final) {
    env.error(`${body.mnemonic}: no encoding fits these operand values`, body.mnemonicColumns);
  }
  out.push(...body.prefixBytes, 0, 0);
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
function emit(
  candidate: Candidate,
  body: InstructionBody,
  values: readonly OperandValues[],
  env: EncodeEnv,
  here: Value,
  out: number[]
): void {
  const { form, order } = candidate;
  const kinds = form.operands;
  const start = out.length;
  out.push(...body.prefixBytes);
  if (form.twoByte) out.push(0x0f);
  out.push(form.opcode);

  let dispBytes = 0;
  let disp: Value | null = null;
  if (form.hasModrm) {
    if (form.fixedModrm >= 0) {
      out.push(form.fixedModrm);
    } else {
      let reg = form.reg >= 0 ? form.reg : 0;
      let modrm = 0b11_000_000;
      kinds.forEach((kind, k) => {
        const op = body.operands[order[k]];
        if (MODRM_REG_KINDS.has(kind) && op.k === 'reg') reg = op.reg.number;
        if (MODRM_RM_KINDS.has(kind)) {
          if (op.k === 'reg') modrm = 0b11_000_000 | op.reg.number;
          else if (op.k === 'mem') {
            disp = values[order[k]].value;
            const ea = effectiveAddress(op.base, op.index, disp, op.dispSize);
            modrm = ea.modrm;
            dispBytes = ea.dispBytes;
          }
        }
      });
      out.push(modrm | (reg << 3));
    }
  }
  if (dispBytes === 1) pushByte(out, disp === null ? 0n : env.absolute(disp));
  else if (dispBytes === 2) pushWord(out, disp === null ? 0n : env.absolute(disp));

  kinds.forEach((kind, k) => {
    const value = values[order[k]].value;
    const n = value === null ? 0n : env.absolute(value);
    switch (kind) {
      case 'Ib':
      case 'Ibs':
        pushByte(out, n);
        break;
      case 'Iw':
      case 'Ob':
      case 'Ow':
        pushWord(out, n);
        break;
      case 'Ap':
        pushWord(out, n);
        pushWord(out, env.absolute(values[order[k]].segment ?? plain(0n)));
        break;
      case 'Jb':
      case 'Jw': {
        // The displacement counts from the end of the instruction: its length is known once the rel field is in.
        const length = out.length - start + (kind === 'Jb' ? 1 : 2);
        const rel = value === null || value.unknown ? 0n : n - env.absolute(here) - BigInt(length);
        if (kind === 'Jb') pushByte(out, rel);
        else pushWord(out, rel);
        break;
      }
    }
  });
}

/**
 * Checks that only the final pass makes, on the chosen encoding: a short jump that does not reach, and
 * numbers too large for their field (truncated with a warning, as NASM does).
 */
function finalChecks(
  body: InstructionBody,
  kinds: readonly OperandKind[],
  order: readonly number[],
  values: readonly OperandValues[],
  env: EncodeEnv,
  length: number
): void {
  kinds.forEach((kind, k) => {
    const op = body.operands[order[k]];
    const value = values[order[k]].value;
    if (value === null || value.unknown) return;
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
      return;
    }
    if (!isPlain(value)) return;
    // A sign-extended imm8 chosen by value fits by construction; `byte` forces it whatever the value.
    if (kind === 'Ibs' && (op as ImmediateOperand).size !== 1) return;
    const bits = kind === 'Ib' || kind === 'Ibs' ? 8 : kind === 'Iw' ? 16 : 0;
    if (bits === 0) return;
    const limit = 1n << BigInt(bits);
    const n = value.n;
    const tooBig = kind === 'Ibs' ? n < -128n || n > 255n : n >= limit || n < -limit;
    if (tooBig)
      env.warning(`${bits === 8 ? 'byte' : 'word'} value ${n} does not fit and is cut to ${bits} bits`, op);
  });
}
