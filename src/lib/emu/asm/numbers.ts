// NASM's constants: integers in every radix form, floating-point literals for DW/DD/DQ, quoted strings and
// character constants. The rules follow NASM 2.16's readnum() and stdscan() (NASM manual §3.4).

/** Integer values are NASM's 64-bit two's-complement numbers. */
export const U64 = (1n << 64n) - 1n;

/** Wrap to a signed 64-bit value, as every NASM expression result is. */
export function wrap64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

function radixLetter(c: string): number {
  switch (c) {
    case 'b':
    case 'y':
      return 2;
    case 'o':
    case 'q':
      return 8;
    case 'd':
    case 't':
      return 10;
    case 'h':
    case 'x':
      return 16;
    default:
      return 0;
  }
}

/**
 * The value of an integer token, or null when it is not a valid number. Radix forms (NASM manual §3.4.1):
 * a `0x`/`0h`, `0d`/`0t`, `0o`/`0q`, `0b`/`0y` prefix or `$` (hex); an `h`/`x`, `d`/`t`, `o`/`q`, `b`/`y`
 * suffix; `_` anywhere as a separator. When a token has both a prefix and a suffix letter, the larger radix
 * wins (`0b1h` is hex B1h), and when they name the same radix the token is read as decimal (so `0b1b` is an
 * error) — NASM's readnum() does exactly this.
 */
export function readNumber(token: string): bigint | null {
  const text = token.toLowerCase();
  const length = text.length;
  let prefixRadix = 0;
  let prefixLength = 0;
  if (length > 2 && text[0] === '0' && radixLetter(text[1]) !== 0) {
    prefixRadix = radixLetter(text[1]);
    prefixLength = 2;
  } else if (length > 1 && text[0] === '$') {
    prefixRadix = 16;
    prefixLength = 1;
  }
  const suffixRadix = length > 1 ? radixLetter(text[length - 1]) : 0;
  let start = 0;
  let end = length;
  let radix = 10;
  if (prefixRadix > suffixRadix) {
    radix = prefixRadix;
    start = prefixLength;
  } else if (suffixRadix > prefixRadix) {
    radix = suffixRadix;
    end = length - 1;
  }
  const big = BigInt(radix);
  let result = 0n;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) continue; // '_'
    let digit: number;
    if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
    else if (c >= 0x61 && c <= 0x7a) digit = c - 0x61 + 10;
    else return null;
    if (digit >= radix) return null;
    result = (result * big + BigInt(digit)) & U64;
  }
  return wrap64(result);
}

/** Parse a floating-point literal (decimal, or hex with a `p` exponent); null when malformed. */
export function readFloat(token: string): number | null {
  const text = token.replace(/_/g, '').toLowerCase();
  const hex = /^(?:0x|0h|\$)([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/.exec(text);
  if (hex) {
    const whole = hex[1] || '0';
    const fraction = hex[2] ?? '';
    let value = parseInt(whole + fraction || '0', 16) / Math.pow(16, fraction.length);
    if (hex[3]) value *= Math.pow(2, parseInt(hex[3], 10));
    return value;
  }
  // NASM takes `1e` and `5.` as floats; JavaScript wants digits after `e`.
  const decimal = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d*))?$/.exec(text);
  if (!decimal || (decimal[1] === '' && (decimal[2] ?? '') === '')) return null;
  const exponent = decimal[3] && decimal[3] !== '+' && decimal[3] !== '-' ? decimal[3] : '0';
  return Number(`${decimal[1] || '0'}.${decimal[2] || '0'}e${exponent}`);
}

/** IEEE 754 binary16, rounded to nearest even (DW with a float operand). */
function toHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let result = m >>> shift;
    if (rest > half || (rest === half && result & 1)) result++;
    return sign | result;
  }
  let result = sign | (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && result & 1)) result++;
  return result;
}

/** The little-endian bytes of a float of `size` bytes (2, 4 or 8), or null for other sizes. */
export function floatBytes(value: number, size: number): number[] | null {
  if (size === 2) {
    const half = toHalf(value);
    return [half & 0xff, half >> 8];
  }
  if (size !== 4 && size !== 8) return null;
  const buffer = new ArrayBuffer(size);
  const view = new DataView(buffer);
  if (size === 4) view.setFloat32(0, value, true);
  else view.setFloat64(0, value, true);
  return Array.from(new Uint8Array(buffer));
}

/** UTF-8 bytes of a code point (NASM source files are bytes; Unicode text is stored as UTF-8). */
function pushUtf8(out: number[], code: number): void {
  if (code < 0x80) out.push(code);
  else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
  else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  else
    out.push(
      0xf0 | (code >> 18),
      0x80 | ((code >> 12) & 0x3f),
      0x80 | ((code >> 6) & 0x3f),
      0x80 | (code & 0x3f)
    );
}

const SIMPLE_ESCAPES: Record<string, number> = {
  "'": 0x27,
  '"': 0x22,
  '`': 0x60,
  '\\': 0x5c,
  '?': 0x3f,
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  e: 27
};

/**
 * The bytes of a quoted string's body. Single and double quotes take the text as it is; backquotes take C-style
 * escapes (NASM manual §3.4.2): \n \t \\ \` \xHH \NNN (octal) \uHHHH \UHHHHHHHH and friends.
 */
export function stringBytes(body: string, quote: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const code = body.codePointAt(i) as number;
    if (code > 0xffff) i++;
    if (quote !== '`' || code !== 0x5c || i + 1 >= body.length) {
      pushUtf8(out, code);
      continue;
    }
    const c = body[++i];
    if (c in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[c]);
    } else if (c >= '0' && c <= '7') {
      let value = 0;
      let digits = 0;
      while (digits < 3 && i < body.length && body[i] >= '0' && body[i] <= '7') {
        value = value * 8 + (body.charCodeAt(i++) - 0x30);
        digits++;
      }
      i--;
      out.push(value & 0xff);
    } else if (c === 'x' || c === 'u' || c === 'U') {
      const max = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      let value = 0;
      let digits = 0;
      while (digits < max && i + 1 < body.length && /[0-9a-fA-F]/.test(body[i + 1])) {
        value = value * 16 + parseInt(body[++i], 16);
        digits++;
      }
      if (c === 'x') out.push(value);
      else pushUtf8(out, value);
    } else {
      pushUtf8(out, c.codePointAt(0) as number);
    }
  }
  return out;
}

/** A character constant's value: its bytes little-endian, the first character in the lowest byte. */
export function charConstant(bytes: readonly number[]): bigint {
  let value = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return wrap64(value);
}
