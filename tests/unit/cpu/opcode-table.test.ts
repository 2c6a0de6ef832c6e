// The opcode table checked against an outside oracle: the SingleStepTests metadata recorded from real hardware
// (../shared/conformance/8086/metadata.json). For every opcode and group member it lists, the table's undefined
// flags must give the same flags mask, and the table's status must be the same word. Then: all 256 one-byte
// opcodes are present, and decoding each one (followed by zero bytes) gives its entry and the length the 8086
// manual's encoding rules give (worked out by hand below).
import { sharedPath } from '../../shared-folder';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPCODES, OPCODES_0F, bytesSource, decode, entryFor, type OpcodeEntry } from '$lib/emu';

const METADATA_PATH = sharedPath('conformance/8086/metadata.json');

interface MetadataEntry {
  status?: string;
  flags?: string;
  'flags-mask'?: number;
  reg?: Record<string, MetadataEntry>;
}
const metadata = JSON.parse(readFileSync(METADATA_PATH, 'utf8')) as {
  opcodes: Record<string, MetadataEntry>;
};

/** FLAGS bits by the letters of the metadata's "odiszapc" (Intel 8086 Family User's Manual, figure 2-32). */
const FLAG_BIT: Record<string, number> = {
  o: 0x800,
  d: 0x400,
  i: 0x200,
  s: 0x080,
  z: 0x040,
  a: 0x010,
  p: 0x004,
  c: 0x001
};

/** 0xFFFF with the named flags cleared: how the metadata's flags-mask is built. */
function maskWithout(letters: string): number {
  let mask = 0xffff;
  for (const letter of letters) {
    const bit = FLAG_BIT[letter];
    if (bit === undefined) throw new Error(`'${letter}' is not a flag letter`);
    mask &= ~bit;
  }
  return mask;
}

interface Row {
  /** "27", "F6.7": the conformance file naming. */
  label: string;
  opcode: number;
  reg: number;
  meta: MetadataEntry;
  entry: OpcodeEntry;
}

const ROWS: Row[] = Object.entries(metadata.opcodes).flatMap(([key, meta]) => {
  const opcode = parseInt(key, 16);
  const slot = OPCODES[opcode];
  if (meta.reg) {
    return Object.entries(meta.reg).map(([reg, member]) => ({
      label: `${key}.${reg}`,
      opcode,
      reg: Number(reg),
      meta: member,
      entry: entryFor(slot, Number(reg))
    }));
  }
  return [{ label: key, opcode, reg: 0, meta, entry: entryFor(slot, 0) }];
});

/**
 * The one deliberate difference (opcode-table.ts header, DESIGN.md): on the 8086, 0F is POP CS ("normal" in the
 * metadata); here it is the escape to the two-byte opcodes.
 */
const STATUS_EXCEPTIONS: Record<string, string> = { '0F': 'escape' };

describe('the opcode table against the hardware metadata', () => {
  it('the metadata covers all 256 opcodes', () => {
    expect(Object.keys(metadata.opcodes)).toHaveLength(256);
  });

  it.each(ROWS.map((row) => [row.label, row] as const))(
    '%s: undefined flags give the metadata flags-mask',
    (_label, { entry, meta }) => {
      const expected = meta['flags-mask'] ?? 0xffff;
      expect(maskWithout(entry.flagsUndefined).toString(16)).toBe(expected.toString(16));
    }
  );

  it.each(ROWS.map((row) => [row.label, row] as const))('%s: status', (label, { entry, meta }) => {
    expect(entry.status).toBe(STATUS_EXCEPTIONS[label] ?? meta.status);
  });

  it('0F: the metadata says POP CS ("normal"), the table the two-byte escape', () => {
    expect(metadata.opcodes['0F'].status).toBe('normal');
    expect(OPCODES[0x0f].entry?.status).toBe('escape');
  });

  it.each(Object.entries(metadata.opcodes).map(([key, meta]) => [key, meta] as const))(
    '%s: a group in the table exactly when the metadata splits it by ModRM reg',
    (key, meta) => {
      expect(OPCODES[parseInt(key, 16)].group !== null).toBe(meta.reg !== undefined);
    }
  );
});

describe('the one-byte opcode map', () => {
  const ALL = Array.from(
    { length: 256 },
    (_, opcode) => [opcode.toString(16).toUpperCase().padStart(2, '0'), opcode] as const
  );

  it('has 256 slots', () => {
    expect(OPCODES).toHaveLength(256);
  });

  it.each(ALL)(
    '%s: a slot with a single entry or a group of eight, all naming this opcode',
    (_hex, opcode) => {
      const slot = OPCODES[opcode];
      expect(slot.opcode).toBe(opcode);
      expect(slot.twoByte).toBe(false);
      if (slot.group) {
        expect(slot.entry).toBeNull();
        expect(slot.group.map((entry) => [entry.opcode, entry.reg])).toEqual(
          Array.from({ length: 8 }, (_, reg) => [opcode, reg])
        );
      } else {
        expect(slot.entry).not.toBeNull();
        expect(slot.entry?.opcode).toBe(opcode);
        expect(slot.entry?.reg).toBeNull();
        expect(slot.entry?.mnemonic).toMatch(/\S/);
      }
    }
  );

  // Length of each opcode followed by zero bytes, i.e. with ModRM 00h (mod = 00, r/m = 000: [BX+SI], no
  // displacement; for groups reg = 0), from the 8086 manual's encodings. A prefix followed by 00 00 is the prefix
  // and ADD [BX+SI], AL: 3 bytes. 0F 00 is one of our undefined two-byte opcodes: 2 bytes.
  // Row by row, the low nibble 0–F left to right.
  const LENGTHS = [
    '2222231122222312', // 00 ADD OR (06 PUSH ES, 07 POP ES, 0E PUSH CS, 0F escape)
    '2222231122222311', // 10 ADC SBB
    '2222233122222331', // 20 AND SUB, ES: CS: prefixes, DAA DAS
    '2222233122222331', // 30 XOR CMP, SS: DS: prefixes, AAA AAS
    '1111111111111111', // 40 INC/DEC r16
    '1111111111111111', // 50 PUSH/POP r16
    '2222222222222222', // 60 Jcc aliases
    '2222222222222222', // 70 Jcc
    '3433222222222222', // 80 ALU Eb,Ib / Ew,Iw / Eb,Ib / Ew,Ibs; TEST XCHG MOV LEA POP
    '1111111111511111', // 90 XCHG AX, CBW CWD, 9A CALL far, WAIT PUSHF POPF SAHF LAHF
    '3333111123111111', // A0 MOV moffs, string ops, TEST AL/AX
    '2222222233333333', // B0 MOV r8,Ib / r16,Iw
    '3131223431311211', // C0 RET (aliases), LES LDS, MOV Eb,Ib / Ew,Iw, RETF, INT3 INT INTO IRET
    '2222221122222222', // D0 shifts, AAM AAD, SALC XLAT, ESC
    '2222222233521111', // E0 LOOPs JCXZ, IN/OUT imm, CALL JMP, JMP far, JMP short, IN/OUT DX
    '3333113411111122' //  F0 LOCK REPNE REP, HLT CMC, F6/F7 TEST imm, flag ops, FE FF
  ];
  const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0xf0, 0xf1, 0xf2, 0xf3]);

  it.each(ALL)('%s followed by zero bytes decodes to its entry with the expected length', (_hex, opcode) => {
    const expectedLength = Number(LENGTHS[opcode >> 4][opcode & 0xf]);
    const decoded = decode(bytesSource([opcode]));
    expect(decoded.length).toBeGreaterThanOrEqual(1);
    expect(decoded.length).toBe(expectedLength);
    if (PREFIXES.has(opcode)) {
      expect(decoded.prefixCount).toBe(1);
      expect(decoded.entry).toBe(OPCODES[0x00].entry);
    } else if (opcode === 0x0f) {
      expect(decoded.twoByte).toBe(true);
      expect(decoded.entry).toBe(OPCODES_0F[0x00].entry);
    } else {
      expect(decoded.prefixCount).toBe(0);
      expect(decoded.opcode).toBe(opcode);
      expect(decoded.entry).toBe(entryFor(OPCODES[opcode], 0));
    }
  });

  it('the two-byte map holds the system extensions (0F 01, 0B, 20, 22); every other 0F xx is #UD', () => {
    expect(OPCODES_0F).toHaveLength(256);
    const defined = OPCODES_0F.filter((slot) => slot.entry?.status !== 'undefined').map(
      (slot) => slot.opcode
    );
    expect(defined).toEqual([0x01, 0x0b, 0x20, 0x22]);
    expect(OPCODES_0F[0x01].group?.map((entry) => entry.mnemonic)).toEqual([
      'VMCALL',
      '(#UD)',
      '(#UD)',
      '(#UD)',
      'SMSW',
      '(#UD)',
      '(#UD)',
      'INVLPG'
    ]);
    expect(OPCODES_0F[0x01].group?.[0].modrm).toBe(0xc1);
  });
});
