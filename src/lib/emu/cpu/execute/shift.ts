// Groups D0–D3: ROL ROR RCL RCR SHL SHR SAR and the undocumented SETMO/SETMOC (i.op is the operation, 0–7 in
// ModRM reg order), by 1 or by CL. The count in CL is not masked (0–255). A count of 0 changes nothing, which
// also makes SETMOC ("SETMO if CL is not 0") the CL form of SETMO.

import { shiftRotate } from '../shifts';
import { CL } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

export function shiftEb1(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, shiftRotate(cpu, i.op, cpu.getRm8(i), 1, 8));
}

export function shiftEw1(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, shiftRotate(cpu, i.op, cpu.getRm16(i), 1, 16));
}

export function shiftEbCl(cpu: Cpu, i: Instruction): void {
  const count = cpu.getReg8(CL);
  if (count !== 0) cpu.setRm8(i, shiftRotate(cpu, i.op, cpu.getRm8(i), count, 8));
}

export function shiftEwCl(cpu: Cpu, i: Instruction): void {
  const count = cpu.getReg8(CL);
  if (count !== 0) cpu.setRm16(i, shiftRotate(cpu, i.op, cpu.getRm16(i), count, 16));
}
