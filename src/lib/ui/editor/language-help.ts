// Completions and hover docs for the NASM-8086 editor, generated from the assembler's forms of the opcode table
// (STYLE.md rule 1): what an instruction does, its operand forms, and the flags it changes or leaves undefined.
// Imported only by monaco.ts, so it rides in Monaco's lazily loaded chunk.

import type * as Monaco from 'monaco-editor/editor';
import { ASSEMBLER_FORMS, MNEMONICS, type AssemblerForm, type OperandKind } from '$lib/emu';
import { DIRECTIVE_WORDS, REGISTERS, SIZE_WORDS } from './nasm-language';

/** Operand kinds (Intel opcode-map notation) in the words of an assembly course. */
const OPERAND_WORDS: Partial<Record<OperandKind, string>> = {
  Eb: 'r/m8',
  Ew: 'r/m16',
  Gb: 'r8',
  Gw: 'r16',
  Sw: 'sreg',
  M: 'mem',
  Mp: 'mem16:16',
  Ib: 'imm8',
  Iw: 'imm16',
  Ibs: 'imm8',
  Jb: 'short label',
  Jw: 'label',
  Ap: 'seg:offset',
  Ob: '[addr8]',
  Ow: '[addr16]',
  Cr: 'crN',
  Rw: 'r16'
};

const FLAG_LETTERS = 'odiszapc';

interface InstructionDoc {
  mnemonic: string;
  summary: string;
  forms: string[];
  written: string;
  undefinedFlags: string;
}

function describeForm(form: AssemblerForm, name: string): string {
  const operands = form.operands.map((kind) => OPERAND_WORDS[kind] ?? kind.toLowerCase());
  return operands.length ? `${name} ${operands.join(', ')}` : name;
}

function buildDocs(): Map<string, InstructionDoc> {
  const docs = new Map<string, InstructionDoc>();
  for (const form of ASSEMBLER_FORMS) {
    for (const name of [form.mnemonic, ...form.entry.aliases].map((n) => n.toLowerCase())) {
      let doc = docs.get(name);
      if (!doc) {
        doc = {
          mnemonic: name,
          summary: form.entry.summary,
          forms: [],
          written: form.entry.flagsWritten,
          undefinedFlags: form.entry.flagsUndefined
        };
        docs.set(name, doc);
      }
      const text = describeForm(form, name);
      if (!doc.forms.includes(text)) doc.forms.push(text);
    }
  }
  return docs;
}

const DOCS = buildDocs();

function flagList(letters: string): string {
  return [...FLAG_LETTERS]
    .filter((letter) => letters.includes(letter))
    .map((letter) => `${letter.toUpperCase()}F`)
    .join(' ');
}

/** Markdown hover text for an instruction, or null for a word that is not one. */
export function instructionHover(word: string): string | null {
  const doc = DOCS.get(word.toLowerCase());
  if (!doc) return null;
  const written = flagList(doc.written.replace(new RegExp(`[${doc.undefinedFlags || ' '}]`, 'g'), ''));
  const undefinedFlags = flagList(doc.undefinedFlags);
  const paragraphs = [
    `**${doc.mnemonic.toUpperCase()}** — ${doc.summary}`,
    ['```nasm', ...doc.forms, '```'].join('\n'),
    written ? `Flags changed: ${written}` : 'Flags: none changed'
  ];
  if (undefinedFlags) paragraphs.push(`Undefined afterwards: ${undefinedFlags}`);
  return paragraphs.join('\n\n');
}

/** Labels the program defines (`name:` at the start of a line). */
export function labelsIn(text: string): string[] {
  const labels = new Set<string>();
  for (const match of text.matchAll(/^\s*([A-Za-z_.?][\w.?$@#~]*):/gm)) labels.add(match[1]);
  return [...labels];
}

export function registerLanguageHelp(monaco: typeof Monaco, languageId: string): void {
  monaco.languages.registerHoverProvider(languageId, {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      const text = word && instructionHover(word.word);
      if (!word || !text) return null;
      return {
        range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
        contents: [{ value: text }]
      };
    }
  });

  monaco.languages.registerCompletionItemProvider(languageId, {
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn
      );
      const kinds = monaco.languages.CompletionItemKind;
      const item = (label: string, kind: Monaco.languages.CompletionItemKind, detail: string) => ({
        label,
        kind,
        detail,
        insertText: label,
        range
      });
      return {
        suggestions: [
          ...MNEMONICS.map((name) => item(name, kinds.Keyword, DOCS.get(name)?.summary ?? 'instruction')),
          ...REGISTERS.map((name) => item(name, kinds.Variable, 'register')),
          ...DIRECTIVE_WORDS.map((name) => item(name, kinds.Module, 'directive')),
          ...SIZE_WORDS.map((name) => item(name, kinds.TypeParameter, 'size / distance')),
          ...labelsIn(model.getValue()).map((name) => item(name, kinds.Reference, 'label in this program'))
        ]
      };
    }
  });
}
