// The bytes of db/dw/dd/dq: numbers little-endian in the unit's size, strings padded with zeros to a whole
// unit (`dw 'abc'` is 61 62 63 00), floating-point numbers in IEEE form (half, single, double for dw, dd, dq).

import type { EncodeEnv } from './encoder';
import { floatBytes } from './numbers';
import type { DataItem } from './statements';
import { evaluate, isPlain } from './values';

const UNIT_NAMES: Record<number, string> = { 1: 'a byte', 2: 'a word', 4: 'a dword', 8: 'a qword' };

export function dataBytes(unit: number, items: readonly DataItem[], env: EncodeEnv): number[] {
  const out: number[] = [];
  for (const item of items) {
    if (item.k === 'string') {
      out.push(...item.bytes);
      const rest = item.bytes.length % unit;
      if (rest) for (let i = rest; i < unit; i++) out.push(0);
    } else if (item.k === 'float') {
      const bytes = floatBytes(item.value, unit);
      if (bytes) out.push(...bytes);
      else {
        env.error('a floating-point number does not fit in a byte: use dw, dd or dq', item.columns);
        for (let i = 0; i < unit; i++) out.push(0);
      }
    } else {
      const value = evaluate(item.expr, env);
      let n = env.absolute(value);
      const bits = BigInt(unit * 8);
      // NASM warns when a number is outside both the signed and the unsigned range of the unit.
      if (env.final && isPlain(value) && unit < 8 && (n >= 1n << bits || n < -(1n << bits))) {
        env.warning(
          `${value.n} does not fit in ${UNIT_NAMES[unit] ?? `${unit} bytes`} and is cut`,
          item.columns
        );
      }
      if (env.final && value.mixed) env.error('this value mixes the addresses of two sections', item.columns);
      n = BigInt.asUintN(unit * 8, n);
      for (let i = 0; i < unit; i++) {
        out.push(Number(n & 0xffn));
        n >>= 8n;
      }
    }
  }
  return out;
}
