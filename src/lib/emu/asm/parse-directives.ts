// Directives and data: `bits`, `org`, `cpu`, `section`, `align`, `sectalign`, `incbin`, the declarations
// db/dw/dd/dq/dt and resb/resw/resd/resq, and the ones NASM's bin format ignores (`global`, `extern`). In bin
// output only the sections .text, .data and .bss exist here (NASM manual §8.1).

import { spanOf, type TokenCursor } from './expressions';
import { readFloat } from './numbers';
import { CPU_NAMES } from './nasm-data';
import { parseExpressionAt, parseProblem, trailing, type ParseProblem, type ParseState } from './parser';
import type { DataItem, StatementBody } from './statements';

export const DATA_UNITS: Readonly<Record<string, number>> = {
  db: 1,
  dw: 2,
  dd: 4,
  dq: 8,
  dt: 10,
  do: 16,
  dy: 32,
  dz: 64
};
export const RESERVE_UNITS: Readonly<Record<string, number>> = {
  resb: 1,
  resw: 2,
  resd: 4,
  resq: 8,
  rest: 10,
  reso: 16,
  resy: 32,
  resz: 64
};

/** Sections of NASM's bin format that Hyperstep lays out, in their output order. */
export const SECTION_NAMES = ['.text', '.data', '.bss'] as const;

export const DIRECTIVES = new Set([
  'bits',
  'use16',
  'use32',
  'use64',
  'org',
  'cpu',
  'section',
  'segment',
  'align',
  'alignb',
  'sectalign',
  'global',
  'extern',
  'common',
  'static',
  'default',
  'incbin',
  'warning',
  'float',
  'list'
]);

export function isDirective(word: string | null): boolean {
  return word !== null && DIRECTIVES.has(word);
}

/** Parse a directive's arguments (the directive word has been read). */
export function parseDirective(
  word: string,
  cursor: TokenCursor,
  state: ParseState
): StatementBody | ParseProblem {
  const at = cursor.here();
  switch (word) {
    case 'bits': {
      const token = cursor.next();
      if (!token || token.kind !== 'num') return parseProblem('bits needs a size: bits 16', at);
      if (token.value === 16n) return { k: 'empty' };
      if (token.value === 32n || token.value === 64n) {
        return parseProblem(
          `bits ${token.value} makes ${token.value}-bit code; this machine runs 16-bit code only`,
          spanOf(token)
        );
      }
      return parseProblem(`${token.text} is not a valid code size; write bits 16`, spanOf(token));
    }
    case 'use16':
      return { k: 'empty' };
    case 'use32':
    case 'use64':
      return parseProblem(`${word} makes ${word.slice(3)}-bit code; this machine runs 16-bit code only`, at);
    case 'org': {
      if (cursor.atEnd()) return parseProblem('org needs an address: org 0x100', at);
      const expr = parseExpressionAt(cursor, state);
      if ('message' in expr) return expr;
      return cursor.atEnd() ? { k: 'org', expr, columns: at } : trailing(cursor);
    }
    case 'cpu': {
      const names = cursor.tokens.slice(cursor.index).map((t) => t.text.toLowerCase());
      const level = CPU_NAMES[names[0] ?? ''];
      if (level === undefined) {
        const message = names[0] === undefined ? 'cpu needs a level' : `unknown cpu ${names[0]}`;
        return parseProblem(
          message,
          at,
          'use one of: 8086, 186, 286, 386, 486, 586, 686 (cpu 8086 for this machine)'
        );
      }
      state.cpu = level;
      return { k: 'cpu', level };
    }
    case 'section':
    case 'segment': {
      const section = parseSection(cursor, at);
      if ('k' in section && section.k === 'section') state.section = section.name;
      return section;
    }
    case 'align':
    case 'alignb':
      return parseAlign(word, cursor, state, at);
    case 'sectalign': {
      if (cursor.peek()?.text.toLowerCase() === 'off' || cursor.peek()?.text.toLowerCase() === 'on')
        return { k: 'empty' };
      const expr = parseExpressionAt(cursor, state);
      if ('message' in expr) return expr;
      return { k: 'sectalign', expr, columns: at };
    }
    case 'global':
    case 'extern':
    case 'common':
    case 'static':
    case 'default':
    case 'warning':
    case 'float':
    case 'list':
      // Linker and listing directives: nothing to do in a flat binary.
      return { k: 'empty' };
    case 'incbin':
      return parseIncbin(cursor, state, at);
    default:
      return parseProblem(`${word} is not supported by this assembler yet`, at);
  }
}

function parseSection(cursor: TokenCursor, at: { start: number; end: number }): StatementBody | ParseProblem {
  const nameToken = cursor.next();
  if (!nameToken) return parseProblem('section needs a name: .text, .data or .bss', at);
  const name = nameToken.text;
  if (!(SECTION_NAMES as readonly string[]).includes(name)) {
    return parseProblem(`section ${name} is not available: use .text, .data or .bss`, spanOf(nameToken));
  }
  let align = 0;
  while (!cursor.atEnd()) {
    const attribute = cursor.next();
    const key = attribute?.text.toLowerCase();
    if (key === 'align' && cursor.isOp('=')) {
      cursor.next();
      const value = cursor.next();
      if (!value || value.kind !== 'num') return parseProblem('align= needs a number', cursor.here());
      align = Number(value.value);
    } else if (key !== 'progbits' && key !== 'nobits') {
      return parseProblem(
        `section attribute ${attribute?.text} is not supported here`,
        attribute ? spanOf(attribute) : at
      );
    }
  }
  return { k: 'section', name, align };
}

function parseAlign(
  word: string,
  cursor: TokenCursor,
  state: ParseState,
  at: { start: number; end: number }
): StatementBody | ParseProblem {
  if (cursor.atEnd()) return parseProblem(`${word} needs a boundary: ${word} 4`, at);
  const expr = parseExpressionAt(cursor, state);
  if ('message' in expr) return expr;
  let fill: DataItem | null = null;
  let reserve = word === 'alignb';
  if (cursor.isOp(',')) {
    cursor.next();
    const filler = cursor.next();
    const kind = filler?.text.toLowerCase();
    if (kind === 'nop') fill = null;
    else if (kind === 'db') {
      const value = parseExpressionAt(cursor, state);
      if ('message' in value) return value;
      fill = { k: 'expr', expr: value, columns: at };
    } else if (kind === 'resb') {
      reserve = true;
      const count = parseExpressionAt(cursor, state);
      if ('message' in count) return count;
    } else {
      return parseProblem(
        `${word} fills with nop, db value or resb 1, not ${filler?.text ?? 'nothing'}`,
        filler ? spanOf(filler) : at
      );
    }
  }
  if (!cursor.atEnd()) return trailing(cursor);
  return { k: 'align', expr, fill, reserve, columns: at };
}

function parseIncbin(
  cursor: TokenCursor,
  state: ParseState,
  at: { start: number; end: number }
): StatementBody | ParseProblem {
  const nameToken = cursor.next();
  if (!nameToken || nameToken.kind !== 'str') return parseProblem('incbin needs a file name in quotes', at);
  const wanted = String.fromCharCode(...(nameToken.bytes ?? []));
  const base = (path: string) => path.split(/[\\/]/).pop()?.toLowerCase() ?? path;
  let file = state.files.indexOf(wanted);
  if (file < 0) file = state.files.findIndex((name) => base(name) === base(wanted));
  if (file < 0) return parseProblem(`cannot find ${wanted} to include`, spanOf(nameToken));
  const text = state.texts[file];
  let bytes = Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  // incbin "file", skip, count: both plain numbers (NASM evaluates them at once, too).
  const limits: number[] = [];
  while (cursor.isOp(',') && limits.length < 2) {
    cursor.next();
    const token = cursor.next();
    if (!token || token.kind !== 'num')
      return parseProblem('incbin takes a number of bytes to skip and to take', cursor.here());
    limits.push(Number(token.value));
  }
  if (!cursor.atEnd()) return trailing(cursor);
  bytes = bytes.slice(limits[0] ?? 0, limits[1] === undefined ? undefined : (limits[0] ?? 0) + limits[1]);
  return { k: 'data', unit: 1, items: [{ k: 'string', bytes }] };
}

/** db/dw/dd/dq/dt with their items, or resb/resw/… with a count. */
export function parseData(
  word: string,
  cursor: TokenCursor,
  state: ParseState
): StatementBody | ParseProblem {
  const keyword = cursor.next();
  const at = keyword ? spanOf(keyword) : cursor.here();
  if (word in RESERVE_UNITS) {
    if (cursor.atEnd()) return parseProblem(`${word} needs a count: ${word} 10`, at);
    const count = parseExpressionAt(cursor, state);
    if ('message' in count) return count;
    if (!cursor.atEnd()) return trailing(cursor);
    return { k: 'reserve', unit: RESERVE_UNITS[word], count, columns: at };
  }
  const unit = DATA_UNITS[word];
  if (unit > 8) return parseProblem(`${word} is not supported here; use db, dw, dd or dq`, at);
  const items: DataItem[] = [];
  while (!cursor.atEnd()) {
    const token = cursor.peek();
    const next = cursor.peek(1);
    const endsItem = !next || (next.kind === 'op' && next.text === ',');
    if (token?.kind === 'str' && endsItem) {
      cursor.next();
      items.push({ k: 'string', bytes: token.bytes ?? [] });
    } else if (token && isFloatItem(cursor)) {
      const negative = token.kind === 'op' && token.text === '-';
      if (token.kind === 'op') cursor.next();
      const floatToken = cursor.next();
      const value = readFloat(floatToken?.text ?? '');
      if (value === null)
        return parseProblem(
          `${floatToken?.text} is not a valid floating-point number`,
          spanOf(floatToken ?? token)
        );
      items.push({ k: 'float', value: negative ? -value : value, columns: spanOf(floatToken ?? token) });
    } else {
      const start = cursor.here();
      const expr = parseExpressionAt(cursor, state);
      if ('message' in expr) return expr;
      items.push({ k: 'expr', expr, columns: { start: start.start, end: cursor.here().start } });
    }
    if (cursor.atEnd()) break;
    if (!cursor.isOp(',')) return trailing(cursor);
    cursor.next();
  }
  return { k: 'data', unit, items };
}

function isFloatItem(cursor: TokenCursor): boolean {
  const token = cursor.peek();
  if (token?.kind === 'float') return true;
  return (
    token?.kind === 'op' && (token.text === '-' || token.text === '+') && cursor.peek(1)?.kind === 'float'
  );
}
