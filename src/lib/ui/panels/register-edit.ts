// What a register edit accepts: 1–4 hex digits, with or without 0x or a trailing h (the way the panel shows them).

/** The 16-bit value typed, or a message saying what is wrong with it. */
export function parseRegisterValue(text: string): number | string {
  const t = text.trim().toLowerCase();
  const digits = t.startsWith('0x') ? t.slice(2) : t.endsWith('h') ? t.slice(0, -1) : t;
  if (digits === '') return 'Type a value in hex, e.g. 1A2B';
  if (!/^[0-9a-f]+$/.test(digits)) return `'${text.trim()}' is not hex: use the digits 0–9 and A–F`;
  if (digits.length > 4) return `${text.trim()} does not fit in 16 bits (at most FFFF)`;
  return parseInt(digits, 16);
}
