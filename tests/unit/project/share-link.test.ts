// Share links: a round trip keeps the name and the exact text (Unicode, CRLF, large), and each kind of damage
// gives its own message — never a program.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeShare,
  encodeShare,
  fromBase64Url,
  MAX_SOURCE_BYTES,
  SHARE_ERRORS,
  shareUrl,
  toBase64Url
} from '$lib/ui/project/share-link';

/** A fragment built by hand (Node's zlib, not the code under test), from any payload. */
function handMade(payload: string, version = '1'): string {
  return `share=${version}.${Buffer.from(deflateRawSync(Buffer.from(payload))).toString('base64url')}`;
}

describe('round trip', () => {
  it.each([
    ['hello.asm', 'org 0x100\n        hlt\n'],
    ['crlf.asm', 'mov ax, 1\r\n\r\n'],
    ['unicode.asm', '; Grüße — 8086 ✓ 😀\n'],
    ['empty.asm', ''],
    ['big.asm', '        nop ; filler\n'.repeat(5000)]
  ])('%s comes back exactly', async (name, source) => {
    const fragment = await encodeShare({ name, source });
    expect(fragment).toMatch(/^share=1\.[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${fragment}`)).toEqual({ ok: true, program: { name, source } });
  });

  it('is compressed: a repetitive program makes a short link', async () => {
    const fragment = await encodeShare({ name: 'big.asm', source: '        nop\n'.repeat(5000) });
    expect(fragment.length).toBeLessThan(400);
  });

  it('reads a link made by hand with zlib (the format, not just our own inverse)', async () => {
    const fragment = handMade(JSON.stringify({ name: 'x.asm', source: 'hlt' }));
    expect(await decodeShare(fragment)).toEqual({ ok: true, program: { name: 'x.asm', source: 'hlt' } });
  });

  it('keeps the page address and query, replacing the fragment', async () => {
    const url = await shareUrl('https://example.org/hyperstep/?embed#old', { name: 'a.asm', source: 'hlt' });
    expect(url.startsWith('https://example.org/hyperstep/?embed#share=1.')).toBe(true);
  });

  it('base64url round-trips every byte value', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let n = 0; n < 6; n++) {
      const slice = bytes.subarray(n);
      expect(fromBase64Url(toBase64Url(slice))).toEqual(slice);
    }
  });
});

describe('a fragment without a program', () => {
  it.each(['', '#', '#other=1', '#section-2'])('%j is a plain visit (null)', async (fragment) => {
    expect(await decodeShare(fragment)).toBeNull();
  });
});

describe('damaged links: a clear message each', () => {
  it.each([
    ['not base64url', '#share=1.abc$def', SHARE_ERRORS.base64],
    ['a base64 length that cannot be', '#share=1.abcde', SHARE_ERRORS.base64],
    ['standard base64 characters', '#share=1.ab+/cd', SHARE_ERRORS.base64],
    [
      'not deflate data',
      '#share=1.' + Buffer.from('hello, this is not deflate').toString('base64url'),
      SHARE_ERRORS.deflate
    ],
    [
      'cut off',
      '#share=1.' +
        Buffer.from(deflateRawSync(Buffer.from('{"name":"a","source":"' + 'x'.repeat(500) + '"}')))
          .subarray(0, 10)
          .toString('base64url'),
      SHARE_ERRORS.deflate
    ],
    ['a newer version', '#share=2.abcd', SHARE_ERRORS.version('2')],
    ['no version', '#share=abcd', SHARE_ERRORS.version('abcd')],
    ['not JSON', '#' + handMade('just text'), SHARE_ERRORS.payload],
    ['JSON of another shape', '#' + handMade('{"name":1,"code":"hlt"}'), SHARE_ERRORS.payload]
  ])('%s', async (_, fragment, message) => {
    expect(await decodeShare(fragment)).toEqual({ ok: false, message });
  });

  it('a zip bomb stops at the size limit', async () => {
    const payload = JSON.stringify({ name: 'a.asm', source: 'A'.repeat(MAX_SOURCE_BYTES * 4) });
    expect(await decodeShare(handMade(payload))).toEqual({ ok: false, message: SHARE_ERRORS.tooLarge });
  });

  it('a huge fragment is refused before decoding', async () => {
    expect(await decodeShare('#share=1.' + 'A'.repeat(200_000))).toEqual({
      ok: false,
      message: SHARE_ERRORS.tooLarge
    });
  });

  it('the messages differ, so each case is told apart', () => {
    const messages = [
      SHARE_ERRORS.base64,
      SHARE_ERRORS.deflate,
      SHARE_ERRORS.tooLarge,
      SHARE_ERRORS.payload,
      SHARE_ERRORS.version('2')
    ];
    expect(new Set(messages).size).toBe(messages.length);
  });
});
