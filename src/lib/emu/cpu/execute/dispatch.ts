// The dispatch table: for every form of the opcode map (see instruction.ts, formIndex) the handler that
// executes it, built once by matching each opcode-table entry with its family's factory. A missing handler is
// an error at load time, so the table and the executors cannot drift apart.

import { OPCODES, OPCODES_0F, entryFor } from '../opcode-table';
import type { OpcodeSlot } from '../opcodes';
import { FORM_COUNT, formIndex } from '../instruction';
import type { Family, Handler } from './handler';
import { ARITHMETIC } from './arithmetic';
import { MULDIV } from './muldiv';
import { SHIFT } from './shift';
import { DECIMAL } from './decimal';
import { TRANSFER } from './transfer';
import { STACK } from './stack';
import { CONTROL } from './control';
import { STRING } from './string';
import { IO } from './io';
import { PROCESSOR } from './processor';

const FAMILIES: Family[] = [ARITHMETIC, MULDIV, SHIFT, DECIMAL, TRANSFER, STACK, CONTROL, STRING, IO, PROCESSOR];

function factoryFor(mnemonic: string) {
  for (const family of FAMILIES) {
    if (Object.hasOwn(family, mnemonic)) return family[mnemonic];
  }
  throw new Error(`no instruction family executes ${mnemonic}`);
}

function build(): Handler[] {
  const table: Handler[] = new Array(FORM_COUNT);
  const fill = (slots: readonly OpcodeSlot[], twoByte: boolean) => {
    for (const slot of slots) {
      // One handler per distinct entry: a single instruction fills the slot's form 0, a group all eight.
      const regs = slot.group ? 8 : 1;
      for (let reg = 0; reg < regs; reg++) {
        const entry = entryFor(slot, reg);
        table[formIndex(twoByte, slot.opcode, reg)] = factoryFor(entry.mnemonic)(entry);
      }
    }
  };
  fill(OPCODES, false);
  fill(OPCODES_0F, true);
  return table;
}

/** Handler for each dispatch form. */
export const DISPATCH: readonly Handler[] = build();
