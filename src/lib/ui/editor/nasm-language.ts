// The NASM-8086 language for Monaco: a Monarch tokenizer (mnemonics from the assembler's opcode table, so the
// colours follow the instruction set — STYLE.md rule 1), the comment and bracket rules, and the light theme.
// Type-only Monaco imports, so this module can be read anywhere; it is used only by the lazily loaded monaco.ts.

import type * as Monaco from 'monaco-editor/editor';

export const NASM_LANGUAGE_ID = 'nasm8086';
export const LIGHT_THEME = 'hyperstep-light';

export const REGISTERS = [
  'ax', 'bx', 'cx', 'dx', 'si', 'di', 'bp', 'sp',
  'al', 'ah', 'bl', 'bh', 'cl', 'ch', 'dl', 'dh',
  'cs', 'ds', 'es', 'ss', 'ip'
]; // prettier-ignore

/** Assembler directives and data pseudo-instructions NASM accepts in a flat binary. */
export const DIRECTIVE_WORDS = [
  'bits', 'use16', 'org', 'cpu', 'section', 'segment', 'align', 'alignb', 'times', 'equ',
  'db', 'dw', 'dd', 'dq', 'resb', 'resw', 'resd', 'resq', 'incbin', 'struc', 'endstruc', 'istruc', 'iend', 'at'
]; // prettier-ignore

export const SIZE_WORDS = ['byte', 'word', 'dword', 'short', 'near', 'far', 'ptr', 'seg', 'wrt'];

/** The Monarch grammar: comments, strings, numbers in NASM's radixes, labels, mnemonics, registers, directives. */
export function nasmLanguage(mnemonics: readonly string[]): Monaco.languages.IMonarchLanguage {
  return {
    ignoreCase: true,
    defaultToken: '',
    mnemonics: [...mnemonics],
    registers: REGISTERS,
    directives: DIRECTIVE_WORDS,
    sizes: SIZE_WORDS,
    tokenizer: {
      root: [
        [/;.*$/, 'comment'],
        [/^\s*%\s*[a-z]+/, 'keyword.preprocessor'],
        // A label at the start of a line: `name:` or a local `.name:`.
        [/^\s*\.?[a-z_?][\w.?$@#~]*:/, 'type.identifier'],
        [/"([^"\\]|\\.)*"|'([^'\\]|\\.)*'|`([^`\\]|\\.)*`/, 'string'],
        [/"[^"]*$|'[^']*$/, 'string.invalid'],
        // Numbers: 0x1F, 1Fh, $1F (hex), 0b1010, 1010b, 17o, 17q, plain decimals.
        [
          /\b(0[xh][0-9a-f_]+|[0-9][0-9a-f_]*h|0[by][01_]+|[01_]+[by]|[0-7_]+[oq]|0[oq][0-7_]+|[0-9][0-9_]*d?)\b/,
          'number'
        ],
        [/\$[0-9][0-9a-f_]*\b/, 'number'],
        [/\$\$?/, 'keyword'],
        [
          /[a-z_.?][\w.?$@#~]*/,
          {
            cases: {
              '@mnemonics': 'keyword',
              '@registers': 'variable.predefined',
              '@directives': 'keyword.directive',
              '@sizes': 'keyword.size',
              '@default': 'identifier'
            }
          }
        ],
        [/[[\]]/, '@brackets'],
        [/[-+*/%&|^~<>=!,:()]/, 'operator'],
        [/\s+/, 'white']
      ]
    }
  } as Monaco.languages.IMonarchLanguage;
}

export const languageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: ';' },
  brackets: [
    ['[', ']'],
    ['(', ')']
  ],
  autoClosingPairs: [
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
    { open: "'", close: "'" }
  ]
};

/** A calm light theme: muted comments, one accent for instructions, contrast ≥ 4.5:1 on white. */
export const lightTheme: Monaco.editor.IStandaloneThemeData = {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '5f6b7a', fontStyle: 'italic' },
    { token: 'keyword', foreground: '1d4ed8', fontStyle: 'bold' },
    { token: 'keyword.directive', foreground: '7c3aed' },
    { token: 'keyword.preprocessor', foreground: '7c3aed' },
    { token: 'keyword.size', foreground: '9a3412' },
    { token: 'variable.predefined', foreground: '0f766e' },
    { token: 'type.identifier', foreground: 'a16207', fontStyle: 'bold' },
    { token: 'number', foreground: 'b45309' },
    { token: 'string', foreground: '15803d' },
    { token: 'operator', foreground: '475569' }
  ],
  colors: {
    'editor.background': '#ffffff',
    'editorLineNumber.foreground': '#667085', // 4.7:1 on the gutter (axe: color-contrast)
    'editorLineNumber.activeForeground': '#1b2130',
    'editorGutter.background': '#f8f9fb'
  }
};
