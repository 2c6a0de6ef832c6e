// The trace: one record per step of what it changed (registers, memory writes, port I/O, how it ended), for
// graders and scripts. Exported as JSON (the records as they are) and CSV (one row per step, changes joined).

import { disassembleOne } from '../asm/disassembler';
import { REGISTER_KEYS, type Registers } from '../cpu/registers';
import type { TargetStep } from './target';
import type { Access } from './watchpoints';

export interface TraceRecord {
  /** The step number this record executed (the history position before it). */
  step: number;
  cs: number;
  ip: number;
  /** The instruction as NASM would write it. */
  text: string;
  /** Registers whose value changed: [before, after]. */
  registers: Partial<Record<keyof Registers, [number, number]>>;
  memoryWrites: { address: number; size: 1 | 2; old: number; value: number }[];
  ports: { port: number; direction: 'in' | 'out'; size: 1 | 2; value: number }[];
  /** How the step ended, when not plainly: 'interrupt 21h (software)', 'halted', 'exit HLT (12)'. */
  event?: string;
}

export class TraceRecorder {
  readonly records: TraceRecord[] = [];

  constructor(
    /** Keep at most this many records (the oldest go first). */
    readonly limit = 1_000_000
  ) {}

  /** Disassembled instructions by CS:IP, with their bytes: a loop is disassembled once. */
  private readonly texts = new Map<number, { bytes: number[]; text: string }>();

  /** The text of the instruction about to run at CS:IP (call before the step). */
  instructionText(peek8: (linear: number) => number, cs: number, ip: number): string {
    const byteAt = (n: number) => peek8(cs * 16 + ((ip + n) & 0xffff));
    const key = cs * 0x10000 + ip;
    const known = this.texts.get(key);
    // The same bytes at the same CS:IP read the same (self-modifying code changes the bytes).
    if (known && known.bytes.every((byte, n) => byteAt(n) === byte)) return known.text;
    const line = disassembleOne({ byteAt }, ip);
    this.texts.set(key, { bytes: line.bytes, text: line.text });
    return line.text;
  }

  record(
    step: number,
    before: Registers,
    after: Registers,
    text: string,
    result: TargetStep,
    accesses: readonly Access[]
  ): TraceRecord {
    const registers: TraceRecord['registers'] = {};
    for (const key of REGISTER_KEYS)
      if (before[key] !== after[key]) registers[key] = [before[key], after[key]];
    const record: TraceRecord = {
      step,
      cs: before.cs,
      ip: before.ip,
      text,
      registers,
      memoryWrites: accesses
        .filter((a) => a.space === 'memory' && a.direction === 'write')
        .map((a) => ({ address: a.address, size: a.size, old: a.old ?? 0, value: a.value })),
      ports: accesses
        .filter((a) => a.space === 'port')
        .map((a) => ({
          port: a.address,
          direction: a.direction === 'read' ? 'in' : 'out',
          size: a.size,
          value: a.value
        }))
    };
    const event = describeStep(result);
    if (event) record.event = event;
    this.records.push(record);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    return record;
  }

  /** Drop the records of steps from `step` on (history went back before them). */
  forgetFrom(step: number): void {
    let keep = this.records.length;
    while (keep > 0 && this.records[keep - 1].step >= step) keep--;
    this.records.length = keep;
  }

  /** A JSON array, one record a line (long traces stay greppable and diffable). */
  toJson(): string {
    return `[\n${this.records.map((record) => JSON.stringify(record)).join(',\n')}\n]`;
  }

  toCsv(): string {
    return traceToCsv(this.records);
  }
}

export function describeStep(result: TargetStep): string | undefined {
  switch (result.kind) {
    case 'interrupt':
      return `interrupt ${hex(result.vector, 2)}h (${result.cause})`;
    case 'halted':
      return 'halted';
    case 'exit':
      return `exit ${result.exit.reasonName} (${result.exit.reason})`;
    default:
      return undefined;
  }
}

const CSV_COLUMNS = ['step', 'cs', 'ip', 'instruction', 'registers', 'memory_writes', 'ports', 'event'];

/** RFC 4180 CSV: a header row, then one row per step; fields with commas or quotes are quoted. */
export function traceToCsv(records: readonly TraceRecord[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    const registers = Object.entries(r.registers)
      .map(([key, [before, after]]) => `${key}=${hex(before, 4)}->${hex(after, 4)}`)
      .join(' ');
    const writes = r.memoryWrites.map(
      (w) => `${hex(w.address, 5)}:${hex(w.old, w.size * 2)}->${hex(w.value, w.size * 2)}`
    );
    const ports = r.ports.map((p) => `${p.direction} ${hex(p.port, 4)}=${hex(p.value, p.size * 2)}`);
    const fields = [
      String(r.step),
      hex(r.cs, 4),
      hex(r.ip, 4),
      r.text,
      registers,
      writes.join(' '),
      ports.join(' '),
      r.event ?? ''
    ];
    rows.push(fields.map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}
