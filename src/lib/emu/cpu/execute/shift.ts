// Groups D0–D3: ROL ROR RCL RCR SHL SHR SAR and the undocumented SETMO/SETMOC, by 1 or by CL.

import { SETMO, SHIFT_MNEMONICS, shiftRotate } from '../shifts';
import { formOf, unsupported, type Family, type HandlerFactory } from './handler';

function shiftOperation(op: number, onlyIfCountNonZero = false): HandlerFactory {
  return (entry) => {
    const byCl = formOf(entry).endsWith(',CL');
    const byte = formOf(entry).startsWith('Eb');
    if (!byCl && !formOf(entry).endsWith(',1')) return unsupported(entry);
    return (cpu, i) => {
      // The count is CL unmasked (0–255) or 1. SETMOC is SETMO that does nothing when CL is 0.
      const count = byCl ? cpu.bytes[2] : 1;
      if (count === 0 && (byCl || onlyIfCountNonZero)) return;
      if (byte) cpu.setRm8(i, shiftRotate(cpu, op, cpu.getRm8(i), count, 8));
      else cpu.setRm16(i, shiftRotate(cpu, op, cpu.getRm16(i), count, 16));
    };
  };
}

export const SHIFT: Family = {
  ...Object.fromEntries(SHIFT_MNEMONICS.map((mnemonic, op) => [mnemonic, shiftOperation(op)])),
  SETMOC: shiftOperation(SETMO, true)
};
