// Makes the assembler's golden files with NASM 2.16 and ndisasm (never with our own assembler), so the tests
// compare against outside oracles and need neither tool to run:
//
//   node scripts/asm-goldens.mjs random     write tests/asm/golden/random-*.asm (seeded; same files every run)
//                                           and forms-*.asm (every form, register and addressing mode)
//   node scripts/asm-goldens.mjs nasm       for every tests/asm/golden/*.asm: NASM's .bin, and ndisasm's .dis for
//                                           the sources marked `; disasm: pure code`; for tests/asm/errors.asm:
//                                           the lines NASM reports errors on (errors.nasm.json)
//
// The random files cover every 8086 instruction form in NASM syntax with random registers, addressing modes,
// displacements and immediates (boundary values included), plus jumps to labels near and far.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GOLDEN = 'tests/asm/golden';
const ERRORS = 'tests/asm/errors.asm';

/** mulberry32: a small seeded PRNG, so the generated files are the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const R8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const SEG = ['es', 'cs', 'ss', 'ds'];
const BASES = ['bx', 'bp', 'si', 'di', 'bx+si', 'bx+di', 'bp+si', 'bp+di', 'si+bx', 'di+bp'];
const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const UNARY = ['inc', 'dec', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'sal', 'shr', 'sar'];
const JCC = [
  'jo',
  'jno',
  'jb',
  'jc',
  'jnae',
  'jnb',
  'jae',
  'jnc',
  'je',
  'jz',
  'jne',
  'jnz',
  'jbe',
  'jna',
  'ja'
].concat([
  'jnbe',
  'js',
  'jns',
  'jp',
  'jpe',
  'jnp',
  'jpo',
  'jl',
  'jnge',
  'jnl',
  'jge',
  'jle',
  'jng',
  'jg',
  'jnle'
]);
const LOOPS = ['loop', 'loope', 'loopz', 'loopne', 'loopnz', 'jcxz'];
const SIMPLE = [
  'aaa',
  'aas',
  'daa',
  'das',
  'aam',
  'aad',
  'cbw',
  'cwd',
  'clc',
  'stc',
  'cmc',
  'cli',
  'sti',
  'cld'
]
  .concat([
    'std',
    'lahf',
    'sahf',
    'pushf',
    'popf',
    'hlt',
    'nop',
    'int3',
    'into',
    'iret',
    'ret',
    'retf',
    'xlat'
  ])
  .concat(['xlatb', 'wait', 'salc', 'movsb', 'movsw', 'cmpsb', 'cmpsw', 'stosb', 'stosw', 'lodsb', 'lodsw'])
  .concat(['scasb', 'scasw', 'vmcall']);
const BOUNDARY = [
  0, 1, 2, 0x7f, 0x80, 0x81, 0xff, 0x100, 0x7fff, 0x8000, 0xff7f, 0xff80, 0xfffe, 0xffff, -1, -2
].concat([-0x80, -0x81, -0x7f, -0x100, 0x1234, 0x55aa]);

function generator(seed) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const number = (max) => Math.floor(random() * max);
  const literal = (value) => {
    if (value < 0) return `-${literal(-value)}`;
    const form = number(6);
    if (form === 0) return `0x${value.toString(16)}`;
    if (form === 1) return `${value.toString(16)}h`.replace(/^([a-f])/, '0$1');
    if (form === 2) return `0${value.toString(16)}h`;
    if (form === 3 && value < 256) return `${value.toString(2)}b`;
    if (form === 4) return `$0${value.toString(16)}`;
    return `${value}`;
  };
  const imm = (bits) => {
    if (chance(0.5)) return literal(pick(BOUNDARY) & (bits === 8 ? 0xff : 0xffff));
    return literal(number(bits === 8 ? 256 : 65536));
  };
  const displacement = () => {
    const r = random();
    if (r < 0.15) return '';
    if (r < 0.3) return `+${literal(number(128))}`;
    if (r < 0.45) return `-${literal(number(129))}`;
    if (r < 0.55) return `+${literal(pick([0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xfffe]))}`;
    if (r < 0.6) return '+0';
    if (r < 0.7) return `+data`;
    return `+${literal(number(65536))}`;
  };
  const mem = (size) => {
    const seg = chance(0.2) ? `${pick(SEG)}:` : '';
    const inner = chance(0.12)
      ? chance(0.5)
        ? literal(number(65536))
        : 'data'
      : `${pick(BASES)}${displacement()}`;
    const keyword = size === 1 ? 'byte ' : size === 2 ? 'word ' : '';
    return `${keyword}[${seg}${inner}]`;
  };
  const rm = (size, sized) => (chance(0.5) ? pick(size === 1 ? R8 : R16) : mem(sized ? size : 0));
  const reg = (size) => pick(size === 1 ? R8 : R16);

  const forms = [
    () => {
      const size = chance(0.5) ? 1 : 2;
      const op = pick(ALU);
      switch (number(5)) {
        case 0:
          return `${op} ${rm(size)}, ${reg(size)}`;
        case 1:
          return `${op} ${reg(size)}, ${rm(size)}`;
        case 2:
          return `${op} ${rm(size, true)}, ${imm(size * 8)}`;
        case 3:
          return `${op} ${size === 1 ? 'al' : 'ax'}, ${imm(size * 8)}`;
        default:
          return `${op} ${rm(2, true)}, byte ${literal(number(128))}`;
      }
    },
    () => {
      const size = chance(0.5) ? 1 : 2;
      switch (number(6)) {
        case 0:
          return `mov ${rm(size)}, ${reg(size)}`;
        case 1:
          return `mov ${reg(size)}, ${rm(size)}`;
        case 2:
          return `mov ${reg(size)}, ${imm(size * 8)}`;
        case 3:
          return `mov ${mem(size)}, ${imm(size * 8)}`;
        case 4:
          return chance(0.5) ? `mov ${pick(SEG)}, ${rm(2)}` : `mov ${rm(2)}, ${pick(SEG)}`;
        default:
          return chance(0.5)
            ? `mov ${size === 1 ? 'al' : 'ax'}, [${literal(number(65536))}]`
            : `mov [data], ${size === 1 ? 'al' : 'ax'}`;
      }
    },
    () => {
      const size = chance(0.5) ? 1 : 2;
      switch (number(4)) {
        case 0:
          return `test ${rm(size)}, ${reg(size)}`;
        case 1:
          return `test ${reg(size)}, ${rm(size)}`;
        case 2:
          return `test ${rm(size, true)}, ${imm(size * 8)}`;
        default:
          return `xchg ${chance(0.5) ? rm(size) : reg(size)}, ${reg(size)}`;
      }
    },
    () => `${pick(UNARY)} ${rm(chance(0.5) ? 1 : 2, true)}`,
    () => `${pick(SHIFT)} ${rm(chance(0.5) ? 1 : 2, true)}, ${chance(0.5) ? '1' : 'cl'}`,
    () => {
      switch (number(4)) {
        case 0:
          return `${pick(['push', 'pop'])} ${reg(2)}`;
        case 1:
          return `push ${pick(SEG)}`;
        case 2:
          return `pop ${pick(['es', 'ss', 'ds'])}`;
        default:
          return `${pick(['push', 'pop'])} ${mem(2)}`;
      }
    },
    () => `${pick(['lea', 'les', 'lds'])} ${reg(2)}, ${mem(0)}`,
    () => {
      switch (number(6)) {
        case 0:
          return `${pick(['in', 'out']) === 'in' ? `in ${pick(['al', 'ax'])}, ${chance(0.5) ? 'dx' : imm(8)}` : `out ${chance(0.5) ? 'dx' : imm(8)}, ${pick(['al', 'ax'])}`}`;
        case 1:
          return `int ${imm(8)}`;
        case 2:
          return `${pick(['ret', 'retf'])} ${imm(16)}`;
        case 3:
          return `${pick(['aam', 'aad'])} ${imm(8)}`;
        case 4:
          return `${pick(['', 'rep ', 'repe ', 'repne ', 'repz ', 'repnz '])}${pick(SEG.concat(['', '']))} ${pick(SIMPLE.slice(-12, -2))}`
            .replace(/\s+/g, ' ')
            .trim();
        default:
          return pick(SIMPLE);
      }
    },
    () => {
      switch (number(5)) {
        case 0:
          return `${pick(['jmp', 'call'])} ${rm(2)}`;
        case 1:
          return `${pick(['jmp', 'call'])} far ${mem(0)}`;
        case 2:
          return `${pick(['jmp', 'call'])} ${literal(number(65536))}:${literal(number(65536))}`;
        case 3:
          return `lock ${pick(ALU.slice(0, 7))} ${mem(2)}, ${reg(2)}`;
        default:
          // System instructions are 286–486 to NASM: wrapped in `cpu 486` … `cpu 8086` as guest sources do.
          return `cpu 486\n    ${
            chance(0.5)
              ? `mov ${pick(['cr0', 'cr2', 'cr3'])}, ${pick(['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'])}`
              : chance(0.5)
                ? `mov ${pick(['eax', 'ebx', 'esi'])}, ${pick(['cr0', 'cr2', 'cr3'])}`
                : chance(0.5)
                  ? `smsw ${rm(2)}`
                  : chance(0.5)
                    ? `invlpg ${mem(0)}`
                    : 'ud2'
          }\n    cpu 8086`;
      }
    }
  ];
  return { random, pick, chance, number, forms, literal };
}

/** A random file: instructions of every form, labels every few lines, jumps to them, a data label at the end. */
function randomFile(seed, lines) {
  const g = generator(seed);
  const out = [
    `; random-${seed}.asm: generated by scripts/asm-goldens.mjs (seed ${seed}); expected bytes from NASM`
  ];
  out.push(`; disasm: pure code`, 'cpu 8086', `org 0x${(g.number(16) * 0x100).toString(16)}`);
  let labels = 0;
  const total = Math.ceil(lines / 8);
  for (let i = 0; i < lines; i++) {
    if (i % 8 === 0) out.push(`l${labels++}:`);
    if (g.chance(0.12)) {
      const target = `l${g.number(total)}`;
      const jump = g.pick([...JCC, 'jmp', 'jmp short', 'jmp near', 'call', ...JCC]);
      out.push(`    ${jump} ${jump === 'jmp short' ? `l${labels - 1}` : target}`);
    } else if (g.chance(0.03)) {
      out.push(`    ${g.pick(LOOPS)} l${labels - 1}`);
    } else {
      out.push(`    ${g.pick(g.forms)()}`);
    }
  }
  out.push(`data:`);
  return out.join('\n') + '\n';
}

function run(command, args) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function nasmGoldens() {
  const dir = mkdtempSync(join(tmpdir(), 'asm-goldens-'));
  try {
    for (const name of readdirSync(GOLDEN)
      .filter((n) => n.endsWith('.asm'))
      .sort()) {
      const source = join(GOLDEN, name);
      const binary = join(GOLDEN, name.replace(/\.asm$/, '.bin'));
      execFileSync('nasm', ['-f', 'bin', '-I', `${GOLDEN}/`, source, '-o', binary], { stdio: 'inherit' });
      const text = readFileSync(source, 'utf8');
      if (/^; disasm: pure code/m.test(text)) {
        const org = /^\s*org\s+(\S+)/im.exec(text)?.[1] ?? '0';
        const listing = run('ndisasm', ['-b', '16', '-o', org, binary]);
        writeFileSync(join(GOLDEN, name.replace(/\.asm$/, '.dis')), listing);
      }
    }
    // Error cases: one source per case, separated by `;; case:` lines; record NASM's error lines per case.
    const cases = readFileSync(ERRORS, 'utf8')
      .split(/^(?=;; case: )/m)
      .filter((c) => c.startsWith(';; case: '));
    const results = {};
    for (const text of cases) {
      const name = /^;; case: (.*)$/m.exec(text)[1].trim();
      const file = join(dir, 'case.asm');
      writeFileSync(file, text);
      let stderr = '';
      try {
        execFileSync('nasm', ['-f', 'bin', file, '-o', join(dir, 'case.bin')], {
          stdio: ['ignore', 'pipe', 'pipe']
        });
      } catch (error) {
        stderr = String(error.stderr);
      }
      const errors = [...stderr.matchAll(/^[^:\n]+:(\d+): error: (.*)$/gm)].map((m) => ({
        line: Number(m[1]),
        nasm: m[2]
      }));
      if (errors.length === 0) throw new Error(`error case '${name}': NASM accepts it`);
      results[name] = errors;
    }
    writeFileSync('tests/asm/errors.nasm.json', JSON.stringify(results, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- systematic files: every form with every register and addressing mode ------------------------------

/** Every 16-bit addressing mode: the eight r/m combinations with no, byte and word displacements. */
const EFFECTIVE_ADDRESSES = ['bx+si', 'bx+di', 'bp+si', 'bp+di', 'si', 'di', 'bp', 'bx']
  .flatMap((base) =>
    ['', '+0', '+1', '-1', '+0x7f', '+0x80', '-0x80', '-0x81', '+0x1234', '-0x8000', '+0xffff'].map(
      (d) => `[${base}${d}]`
    )
  )
  .concat(['[0]', '[0x1234]', '[0xffff]', '[es:bx]', '[cs:bp]', '[ss:si+2]', '[ds:di-2]', '[es:0x10]']);
const ADDRESSES = ['[bx+si]', '[bp+di+0x12]', '[bp]', '[si-0x80]', '[di+0x1234]', '[0x5678]', '[es:bx+di+3]'];

function header(name, description, org = '0x100') {
  return [
    `; ${name}: ${description}`,
    '; generated by scripts/asm-goldens.mjs; expected bytes from NASM',
    '; disasm: pure code',
    `org ${org}`
  ];
}

const SYSTEMATIC = {
  'forms-alu': () => {
    const out = header('forms-alu.asm', 'the eight ALU operations in every form');
    for (const op of ALU) {
      for (const a of R8) for (const b of R8) out.push(`${op} ${a}, ${b}`);
      for (const a of R16) for (const b of R16) out.push(`${op} ${a}, ${b}`);
      for (const m of ADDRESSES) {
        out.push(`${op} ${m}, al`, `${op} ${m}, bh`, `${op} ${m}, cx`, `${op} ${m}, di`);
        out.push(`${op} dl, ${m}`, `${op} sp, ${m}`, `${op} byte ${m}, 0x12`, `${op} word ${m}, 0x1234`);
        out.push(`${op} word ${m}, 5`, `${op} word ${m}, -128`, `${op} word ${m}, byte 0x7f`);
      }
      for (const v of [
        '0',
        '1',
        '0x7f',
        '0x80',
        '0xff',
        '-1',
        '-0x80',
        '-0x81',
        '0x100',
        '0x7fff',
        '0x8000',
        '0xff80',
        '0xffff'
      ]) {
        out.push(
          `${op} al, ${v.startsWith('0x1') || v.includes('7fff') || v.includes('8000') || v.includes('ff80') || v === '0xffff' ? '0x12' : v}`
        );
        out.push(
          `${op} ax, ${v}`,
          `${op} bx, ${v}`,
          `${op} cl, 0x34`,
          `${op} ax, strict word ${v}`,
          `${op} si, strict word ${v}`
        );
      }
    }
    return out;
  },
  'forms-mov': () => {
    const out = header('forms-mov.asm', 'MOV in every form: registers, memory, immediates, segments, moffs');
    for (const a of R8) for (const b of R8) out.push(`mov ${a}, ${b}`);
    for (const a of R16) for (const b of R16) out.push(`mov ${a}, ${b}`);
    for (const r of R8) out.push(`mov ${r}, 0`, `mov ${r}, 0x7f`, `mov ${r}, 0xff`, `mov ${r}, -1`);
    for (const r of R16) out.push(`mov ${r}, 0`, `mov ${r}, 1`, `mov ${r}, 0x1234`, `mov ${r}, -2`);
    for (const m of EFFECTIVE_ADDRESSES) out.push(`mov ${m}, al`, `mov cx, ${m}`);
    for (const m of ADDRESSES) out.push(`mov byte ${m}, 0x12`, `mov word ${m}, 0x1234`, `mov word ${m}, 5`);
    for (const s of SEG) for (const r of R16) out.push(`mov ${s}, ${r}`, `mov ${r}, ${s}`);
    for (const s of SEG) for (const m of ADDRESSES) out.push(`mov ${s}, ${m}`, `mov ${m}, ${s}`);
    for (const a of ['[0]', '[0x1234]', '[0xffff]', '[es:0x10]', '[cs:0x20]', '[ss:0x30]', '[ds:0x40]']) {
      out.push(
        `mov al, ${a}`,
        `mov ax, ${a}`,
        `mov ${a}, al`,
        `mov ${a}, ax`,
        `mov bl, ${a}`,
        `mov ${a}, dx`
      );
    }
    return out;
  },
  'forms-unary': () => {
    const out = header(
      'forms-unary.asm',
      'INC, DEC, NOT, NEG, MUL, IMUL, DIV, IDIV, TEST, XCHG on every operand'
    );
    for (const op of UNARY) {
      for (const r of [...R8, ...R16]) out.push(`${op} ${r}`);
      for (const m of ADDRESSES) out.push(`${op} byte ${m}`, `${op} word ${m}`);
    }
    for (const a of R8) for (const b of R8) out.push(`test ${a}, ${b}`, `xchg ${a}, ${b}`);
    for (const a of R16) for (const b of R16) out.push(`test ${a}, ${b}`, `xchg ${a}, ${b}`);
    for (const m of ADDRESSES) {
      out.push(`test ${m}, bl`, `test cx, ${m}`, `test byte ${m}, 0x80`, `test word ${m}, 0x8000`);
      out.push(`xchg ${m}, ah`, `xchg si, ${m}`, `xchg ${m}, ax`, `xchg ax, ${m}`);
    }
    for (const v of ['0', '1', '0x7f', '0x80', '0xff'])
      out.push(`test al, ${v}`, `test ax, ${v}`, `test dh, ${v}`, `test bp, ${v}`);
    return out;
  },
  'forms-shift': () => {
    const out = header('forms-shift.asm', 'rotates and shifts by 1 and by CL on every operand');
    for (const op of SHIFT) {
      for (const r of [...R8, ...R16]) out.push(`${op} ${r}, 1`, `${op} ${r}, cl`);
      for (const m of ADDRESSES) out.push(`${op} byte ${m}, 1`, `${op} word ${m}, cl`);
    }
    return out;
  },
  'forms-stack': () => {
    const out = header('forms-stack.asm', 'PUSH, POP, PUSHF, POPF, LEA, LES, LDS');
    for (const r of R16) out.push(`push ${r}`, `pop ${r}`);
    for (const s of SEG) out.push(`push ${s}`);
    for (const s of ['es', 'ss', 'ds']) out.push(`pop ${s}`);
    for (const m of EFFECTIVE_ADDRESSES) out.push(`push word ${m}`, `pop word ${m}`);
    for (const r of R16)
      for (const m of ADDRESSES) out.push(`lea ${r}, ${m}`, `les ${r}, ${m}`, `lds ${r}, ${m}`);
    out.push('pushf', 'popf', 'pushfw', 'popfw');
    return out;
  },
  'forms-control': () => {
    const out = header(
      'forms-control.asm',
      'jumps, calls and returns in every form, near and far, direct and indirect'
    );
    out.splice(3, 0, 'cpu 8086');
    out.push('start:');
    for (const r of R16) out.push(`jmp ${r}`, `call ${r}`);
    for (const m of ADDRESSES)
      out.push(`jmp ${m}`, `call ${m}`, `jmp word ${m}`, `call near ${m}`, `jmp far ${m}`, `call far ${m}`);
    out.push('jmp 0x1234:0x5678', 'call 0xffff:0', 'jmp 0:0x7c00', 'call 0x40:0x10');
    out.push(
      'jmp start',
      'call start',
      'jmp near start',
      'call near start',
      'jmp far_ahead',
      'call far_ahead'
    );
    out.push('ret', 'ret 0', 'ret 2', 'ret 0xffff', 'retn', 'retn 4', 'retf', 'retf 6', 'iret', 'iretw');
    out.push('int 0', 'int 3', 'int 0x21', 'int 0xff', 'int3', 'into');
    JCC.forEach((cc, i) => {
      out.push(
        `here${i}: ${cc} here${i}`,
        `${cc} short $+2`,
        `${cc} start`,
        `${cc} far_ahead`,
        `${cc} $+0x81`
      );
    });
    LOOPS.forEach((l, i) => out.push(`loop${i}: ${l} loop${i}`, `${l} $+2`));
    out.push(
      'back: loop back',
      'jcxz back',
      'jmp short back',
      'jmp $',
      'jmp $+2',
      'jz $',
      'call $+3',
      'loop $'
    );
    out.push('times 300 nop', 'far_ahead: ret');
    return out;
  },
  'forms-misc': () => {
    const out = header(
      'forms-misc.asm',
      'one-byte instructions, string instructions with prefixes, I/O, BCD, prefixes'
    );
    out.push(...SIMPLE);
    for (const op of [
      'movsb',
      'movsw',
      'cmpsb',
      'cmpsw',
      'stosb',
      'stosw',
      'lodsb',
      'lodsw',
      'scasb',
      'scasw'
    ]) {
      for (const p of ['', 'rep ', 'repe ', 'repz ', 'repne ', 'repnz ']) {
        out.push(`${p}${op}`);
        for (const s of SEG) out.push(`${p}${s} ${op}`);
      }
    }
    for (const v of ['0', '0x60', '0x80', '0xe9', '0xff'])
      out.push(`in al, ${v}`, `in ax, ${v}`, `out ${v}, al`, `out ${v}, ax`);
    out.push('in al, dx', 'in ax, dx', 'out dx, al', 'out dx, ax');
    for (const v of ['0', '2', '8', '10', '16', '0xff']) out.push(`aam ${v}`, `aad ${v}`);
    out.push(
      'aam',
      'aad',
      'xlat',
      'xlatb',
      'es xlatb',
      'nop',
      'xchg ax, ax',
      'hlt',
      'wait',
      'nop',
      'fwait',
      'hlt',
      'wait nop',
      'cld',
      'wait hlt'
    );
    for (const op of ALU.slice(0, 7)) out.push(`lock ${op} [bx], ax`, `lock ${op} byte [es:si+1], 5`);
    out.push(
      'lock inc word [di]',
      'lock dec byte [bp]',
      'lock not word [bx]',
      'lock neg byte [si]',
      'lock xchg [bx], ax'
    );
    out.push('es inc ax', 'cs nop', 'ss push ax', 'ds cli', 'a16 mov ax, bx', 'o16 mov ax, bx');
    return out;
  },
  'forms-ea': () => {
    const out = header(
      'forms-ea.asm',
      'every 16-bit addressing mode, displacement size and segment override'
    );
    for (const m of EFFECTIVE_ADDRESSES) out.push(`mov ax, ${m}`, `add ${m}, bl`, `inc byte ${m}`);
    for (const base of ['bx+si', 'bp+di', 'si', 'bp', 'bx']) {
      for (const d of ['0', '5', '0x80'])
        out.push(`mov ax, [byte ${base}+${d}]`, `mov ax, [word ${base}+${d}]`);
    }
    for (const form of [
      '[si+bx]',
      '[di+bp+4]',
      '[4+bx+si]',
      '[bx+4+si]',
      '[si+4+bp]',
      '[bx*1]',
      '[bx-bx+si]',
      '[es:si+bx]',
      'es:[bx]',
      '[0x10+bp]'
    ]) {
      out.push(`mov dx, ${form}`);
    }
    for (const s of SEG)
      for (const m of ['[bx+si]', '[bp]', '[0x20]', '[di+0x1000]']) out.push(`mov cl, [${s}:${m.slice(1)}`);
    return out;
  },
  'forms-system': () => {
    const out = header(
      'forms-system.asm',
      "the machine's system extensions: MOV CRn, SMSW, INVLPG, VMCALL, UD2, HLT",
      '0'
    );
    out.push('cpu 486');
    for (const cr of ['cr0', 'cr2', 'cr3']) {
      for (const r of R16) out.push(`mov ${cr}, e${r}`, `mov e${r}, ${cr}`);
    }
    for (const r of R16) out.push(`smsw ${r}`);
    for (const m of EFFECTIVE_ADDRESSES) out.push(`smsw ${m}`, `invlpg ${m}`);
    out.push('smsw word [bx]', 'vmcall', 'ud2', 'hlt', 'cpu 8086', 'vmcall', 'hlt');
    return out;
  }
};

const mode = process.argv[2];
if (mode === 'random') {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) {
    writeFileSync(join(GOLDEN, `random-${String(seed).padStart(2, '0')}.asm`), randomFile(seed, 250));
  }
  for (const [name, make] of Object.entries(SYSTEMATIC)) {
    writeFileSync(join(GOLDEN, `${name}.asm`), make().join('\n') + '\n');
  }
} else if (mode === 'nasm') {
  nasmGoldens();
} else {
  console.error('usage: node scripts/asm-goldens.mjs random|nasm');
  process.exit(2);
}
