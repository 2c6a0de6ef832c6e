// The registers a source line's instruction uses, for the editor's inline values (`; ax=0x0012 cx=0x0003` after
// the current line): the registers named in its operands, then the ones the instruction uses without naming them
// (LOOP counts in CX, MUL works on AX and DX, string instructions walk SI and DI…). Pure, unit-tested.

import type { Registers } from '$lib/emu';

const WORD_REGISTERS = ['ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp', 'cs', 'ds', 'es', 'ss'] as const;
const BYTE_REGISTERS = ['al', 'ah', 'bl', 'bh', 'cl', 'ch', 'dl', 'dh'] as const;
type RegisterName = (typeof WORD_REGISTERS)[number] | (typeof BYTE_REGISTERS)[number];
const NAMES = new Set<string>([...WORD_REGISTERS, ...BYTE_REGISTERS]);

/** Registers an instruction uses without naming them (Intel 8086 manual, the instruction descriptions). */
const IMPLICIT: Record<string, RegisterName[]> = {
  loop: ['cx'],
  loope: ['cx'],
  loopz: ['cx'],
  loopne: ['cx'],
  loopnz: ['cx'],
  jcxz: ['cx'],
  mul: ['ax', 'dx'],
  imul: ['ax', 'dx'],
  div: ['ax', 'dx'],
  idiv: ['ax', 'dx'],
  cbw: ['ax'],
  cwd: ['ax', 'dx'],
  movsb: ['si', 'di'],
  movsw: ['si', 'di'],
  cmpsb: ['si', 'di'],
  cmpsw: ['si', 'di'],
  lodsb: ['si', 'al'],
  lodsw: ['si', 'ax'],
  stosb: ['di', 'al'],
  stosw: ['di', 'ax'],
  scasb: ['di', 'al'],
  scasw: ['di', 'ax'],
  xlat: ['bx', 'al'],
  xlatb: ['bx', 'al'],
  push: ['sp'],
  pop: ['sp'],
  pushf: ['sp'],
  popf: ['sp'],
  call: ['sp'],
  ret: ['sp'],
  int: ['ax']
};
const REPEAT_PREFIXES = new Set(['rep', 'repe', 'repz', 'repne', 'repnz']);

/** The registers the instruction on this line uses, in the order they appear, each once; [] for no instruction. */
export function registersOnLine(line: string): RegisterName[] {
  let code = line.replace(/;.*$/, '');
  // Strings may contain anything (`db 'ax'`): leave them out.
  code = code.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, ' ');
  code = code.replace(/^\s*[.\w?$@#~]+:/, ''); // a label
  const words = code.toLowerCase().match(/[a-z_.?$@#~][\w.?$@#~]*/g) ?? [];
  let index = 0;
  while (index < words.length && REPEAT_PREFIXES.has(words[index])) index++;
  const mnemonic = words[index];
  if (mnemonic === undefined || /^(d[bwdq]|res[bwdq]|times|equ|org|bits|cpu)$/.test(mnemonic)) return [];
  const used: RegisterName[] = [];
  const add = (name: RegisterName) => {
    if (!used.includes(name)) used.push(name);
  };
  for (const word of words.slice(index + 1)) if (NAMES.has(word)) add(word as RegisterName);
  for (const name of IMPLICIT[mnemonic] ?? []) add(name);
  if (index > 0) add('cx'); // a REP prefix counts in CX
  return used;
}

/** `ax=0x0012 cl=0x03`: the values of these registers (8-bit ones as two hex digits). */
export function formatInlineValues(names: readonly RegisterName[], registers: Registers): string {
  return names
    .map((name) => {
      const value = registerValue(name, registers);
      const digits = name.endsWith('l') || name.endsWith('h') ? 2 : 4;
      return `${name}=0x${value.toString(16).toUpperCase().padStart(digits, '0')}`;
    })
    .join(' ');
}

function registerValue(name: RegisterName, registers: Registers): number {
  if ((WORD_REGISTERS as readonly string[]).includes(name))
    return registers[name as keyof Registers] & 0xffff;
  const word = registers[`${name[0]}x` as keyof Registers];
  return name[1] === 'h' ? (word >> 8) & 0xff : word & 0xff;
}
