// What NASM 2.16 knows about instructions that the opcode table does not: the extra names it accepts, the
// CPU level it files each instruction under, which operands it lets you swap, the default operand of AAM/AAD,
// and the 186-and-later instructions it knows (so a learner who writes one hears why it is refused). Kept
// small and keyed on the table's mnemonics; everything about encodings still comes from the table.
// Checked against NASM 2.16.01 (x86/insns.dat of that release, and `nasm -f bin` runs).

/** CPU levels as ordered numbers: the 8086 is 86, then 186, 286 … 686; NASM's default is everything. */
export const CPU_8086 = 86;
export const CPU_ANY = 100_000;

/** Names the `cpu` directive takes (NASM manual §7.8), lower case, and their level. */
export const CPU_NAMES: Readonly<Record<string, number>> = {
  '8086': CPU_8086,
  '186': 186,
  '286': 286,
  '386': 386,
  '486': 486,
  '586': 586,
  pentium: 586,
  '686': 686,
  ppro: 686,
  p2: 686,
  p3: 686,
  katmai: 686,
  p4: 686,
  willamette: 686,
  prescott: 686,
  x64: 686,
  x86_64: 686,
  ia64: 686,
  default: CPU_ANY,
  all: CPU_ANY,
  any: CPU_ANY
};

/** Display name of a level for messages ("186", "386"). */
export function cpuName(level: number): string {
  return level >= CPU_ANY ? 'any CPU' : level === CPU_8086 ? '8086' : `${level}`;
}

/**
 * The level NASM files each table instruction under, when it is not 8086. `MOV Cr` covers the MOV forms
 * with a control register. VMCALL is missing on purpose: NASM accepts it under any `cpu` setting.
 */
export const CPU_LEVEL: Readonly<Record<string, number>> = {
  UD2: 186,
  SMSW: 286,
  'MOV Cr': 386,
  INVLPG: 486
};

/** Table mnemonics NASM does not accept at all: the 8086's undocumented SETMO/SETMOC and the 8087 escape. */
export const NOT_IN_NASM = new Set(['SETMO', 'SETMOC', 'ESC']);

/** Table entries NASM knows although the table files them as undocumented (NASM's UNDOC flag). */
export const NASM_UNDOCUMENTED = new Set(['SALC']);

/** Extra spellings NASM accepts, mapped to the table mnemonic they encode. */
export const NASM_ALIASES: Readonly<Record<string, string>> = {
  RETN: 'RET',
  IRETW: 'IRET',
  PUSHFW: 'PUSHF',
  POPFW: 'POPF',
  FWAIT: 'WAIT',
  INT03: 'INT3',
  BRKPT: 'INT3'
};

/** Operands NASM fills in when they are left out: `aam` is `aam 10` (D4 0A), `aad` is `aad 10`. */
export const IMPLIED_IMMEDIATE: Readonly<Record<string, bigint>> = { AAM: 10n, AAD: 10n };

/**
 * Two-operand instructions whose operands may be written in either order. NASM tries XCHG with the operands
 * reversed first (its `reg,rm` template comes before `rm,reg`: `xchg cx, bx` is 87 CB) and TEST as written.
 */
export const COMMUTATIVE: Readonly<Record<string, 'reversed-first' | 'as-written-first'>> = {
  XCHG: 'reversed-first',
  TEST: 'as-written-first'
};

/** Instructions whose memory operand needs a size although the 8086 has only the word form (NASM also knows
 * the 386's 32-bit PUSH and POP, so `push [bx]` is ambiguous to it). */
export const SIZE_REQUIRED = new Set(['PUSH', 'POP']);

/** `xchg ax, ax` has no XCHG encoding in the table (90 is NOP); NASM emits NOP's byte. */
export const XCHG_AX_AX = 'NOP';

/**
 * Instructions of later CPUs that NASM knows and this 8086 does not have, with the level NASM files them
 * under and what to write instead.
 */
export const LATER_INSTRUCTIONS: Readonly<Record<string, { level: number; instead?: string }>> = {
  pusha: { level: 186, instead: 'push the registers you need one by one' },
  popa: { level: 186, instead: 'pop the registers you need one by one' },
  pushaw: { level: 186 },
  popaw: { level: 186 },
  enter: { level: 186, instead: 'push bp / mov bp, sp / sub sp, N' },
  leave: { level: 186, instead: 'mov sp, bp / pop bp' },
  bound: { level: 186 },
  insb: { level: 186, instead: 'in al, dx in a loop' },
  insw: { level: 186, instead: 'in ax, dx in a loop' },
  outsb: { level: 186, instead: 'out dx, al in a loop' },
  outsw: { level: 186, instead: 'out dx, ax in a loop' },
  int1: { level: 386 },
  icebp: { level: 386 },
  int01: { level: 386 },
  arpl: { level: 286 },
  clts: { level: 286 },
  lar: { level: 286 },
  lsl: { level: 286 },
  lgdt: { level: 286 },
  sgdt: { level: 286 },
  lidt: { level: 286 },
  sidt: { level: 286 },
  lldt: { level: 286 },
  sldt: { level: 286 },
  ltr: { level: 286 },
  str: { level: 286 },
  verr: { level: 286 },
  verw: { level: 286 },
  lmsw: { level: 286, instead: 'mov cr0, eax' },
  movsx: { level: 386, instead: 'cbw (AL into AX)' },
  movzx: { level: 386, instead: 'mov the byte into the low half and clear the high half' },
  bt: { level: 386, instead: 'test with a mask' },
  bts: { level: 386, instead: 'or with a mask' },
  btr: { level: 386, instead: 'and with an inverted mask' },
  btc: { level: 386, instead: 'xor with a mask' },
  bsf: { level: 386 },
  bsr: { level: 386 },
  shld: { level: 386 },
  shrd: { level: 386 },
  cwde: { level: 386 },
  cdq: { level: 386 },
  pushad: { level: 386 },
  popad: { level: 386 },
  pushfd: { level: 386 },
  popfd: { level: 386 },
  iretd: { level: 386 },
  lfs: { level: 386 },
  lgs: { level: 386 },
  lss: { level: 386, instead: 'mov ss, … / mov sp, …' },
  jecxz: { level: 386, instead: 'jcxz' },
  cmpsd: { level: 386, instead: 'cmpsw' },
  lodsd: { level: 386, instead: 'lodsw' },
  movsd: { level: 386, instead: 'movsw' },
  scasd: { level: 386, instead: 'scasw' },
  stosd: { level: 386, instead: 'stosw' },
  insd: { level: 386 },
  outsd: { level: 386 },
  bswap: { level: 486, instead: 'xchg al, ah' },
  xadd: { level: 486 },
  cmpxchg: { level: 486 },
  invd: { level: 486 },
  wbinvd: { level: 486 },
  cpuid: { level: 586 },
  rdtsc: { level: 586 },
  rdmsr: { level: 586 },
  wrmsr: { level: 586 },
  cmpxchg8b: { level: 586 },
  rsm: { level: 586 },
  sysenter: { level: 686 },
  sysexit: { level: 686 },
  syscall: { level: 686 },
  sysret: { level: 686 },
  vmmcall: { level: 686, instead: 'vmcall' },
  vmlaunch: { level: 686 },
  vmresume: { level: 686 },
  ...Object.fromEntries(
    ['o', 'no', 'b', 'c', 'nae', 'ae', 'nb', 'nc', 'e', 'z', 'ne', 'nz', 'be', 'na', 'a', 'nbe']
      .concat(['s', 'ns', 'p', 'pe', 'np', 'po', 'l', 'nge', 'ge', 'nl', 'le', 'ng', 'g', 'nle'])
      .flatMap((cc) => [
        [`set${cc}`, { level: 386, instead: `j${cc} over a mov` }],
        [`cmov${cc}`, { level: 686, instead: `j${cc} over a mov` }]
      ])
  )
};

/** The 8087's mnemonics that a learner is most likely to try (there is no coprocessor here). */
export const FPU_INSTRUCTIONS = new Set(
  (
    'fld fst fstp fild fist fistp fadd faddp fsub fsubp fsubr fmul fmulp fdiv fdivp fdivr fchs fabs fsqrt ' +
    'fcom fcomp fcompp ftst fxch finit fninit fldz fld1 fldpi fstsw fnstsw fstcw fnstcw fldcw fclex fnclex ' +
    'frndint fscale fprem fxtract fptan fpatan f2xm1 fyl2x fyl2xp1 fsave fnsave frstor fincstp fdecstp ffree'
  ).split(' ')
);
