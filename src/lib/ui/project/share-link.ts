// Share links: a program carried in the URL fragment (`#share=1.<base64url>`), so it never reaches a server.
// The payload is the JSON {name, source}, compressed with the browser's CompressionStream('deflate-raw') and
// written in base64url without padding; `1.` is the format's version. Decoding checks every step and turns each
// failure into one sentence a learner can act on — the page shows it and leaves the saved project alone.

/** The fragment parameter that carries a program: `#share=…`. */
export const SHARE_PARAM = 'share';
export const SHARE_VERSION = '1';
/** Longer fragments are refused before any work (browsers keep ~2 MB URLs; chat apps cut far shorter ones). */
export const MAX_LINK_CHARS = 100_000;
/** At most this much text after decompression (a zip bomb stops here, mid-stream). */
export const MAX_SOURCE_BYTES = 256 * 1024;

export interface SharedProgram {
  name: string;
  source: string;
}

export type DecodedShare = { ok: true; program: SharedProgram } | { ok: false; message: string };

export const SHARE_ERRORS = {
  version: (found: string) =>
    `This link was made by another version of Hyperstep (share format "${found}", this page reads "${SHARE_VERSION}"), so it cannot be opened here.`,
  base64:
    'This link is damaged: the code in it is not valid base64url (was it cut off or changed when copied?).',
  deflate: 'This link is damaged: the code in it could not be decompressed (was it cut off when copied?).',
  tooLarge: `This link is too large to open: more than ${MAX_SOURCE_BYTES / 1024} KiB of code.`,
  payload: 'This link does not hold a Hyperstep program.'
} as const;

/** The fragment (without `#`) that carries `program`. */
export async function encodeShare(program: SharedProgram): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ name: program.name, source: program.source }));
  const packed = await pipeThrough(json, new CompressionStream('deflate-raw'), Infinity);
  return `${SHARE_PARAM}=${SHARE_VERSION}.${toBase64Url(packed!)}`;
}

/** The whole link: this page's address (query kept, fragment replaced) with the program in the fragment. */
export async function shareUrl(pageUrl: string, program: SharedProgram): Promise<string> {
  const url = new URL(pageUrl);
  url.hash = await encodeShare(program);
  return url.toString();
}

/** The `share=` value in a fragment (`#a=1&share=…` or `share=…`), or null when the fragment carries none. */
export function shareValue(fragment: string): string | null {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  // URLSearchParams turns '+' into ' '; base64url has no '+', so a space can only be damage: keep it to reject.
  return params.get(SHARE_PARAM);
}

/** Decode a fragment; null when it carries no program at all (a plain visit). */
export async function decodeShare(fragment: string): Promise<DecodedShare | null> {
  const value = shareValue(fragment);
  if (value === null) return null;
  if (value.length > MAX_LINK_CHARS) return fail(SHARE_ERRORS.tooLarge);
  const dot = value.indexOf('.');
  const version = dot < 0 ? '' : value.slice(0, dot);
  if (version !== SHARE_VERSION) return fail(SHARE_ERRORS.version(version || value.slice(0, 8)));
  const bytes = fromBase64Url(value.slice(dot + 1));
  if (bytes === null) return fail(SHARE_ERRORS.base64);
  let json: Uint8Array | null;
  try {
    json = await pipeThrough(bytes, new DecompressionStream('deflate-raw'), MAX_SOURCE_BYTES + 1024);
  } catch {
    return fail(SHARE_ERRORS.deflate);
  }
  if (json === null) return fail(SHARE_ERRORS.tooLarge);
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return fail(SHARE_ERRORS.payload);
  }
  if (!isProgram(payload)) return fail(SHARE_ERRORS.payload);
  if (payload.source.length > MAX_SOURCE_BYTES) return fail(SHARE_ERRORS.tooLarge);
  return { ok: true, program: { name: payload.name, source: payload.source } };
}

function fail(message: string): DecodedShare {
  return { ok: false, message };
}

function isProgram(value: unknown): value is SharedProgram {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.name === 'string' && typeof record.source === 'string';
}

/** Push `input` through a (de)compression stream; null when the output passes `limit` bytes. Throws on bad data. */
async function pipeThrough(
  input: Uint8Array,
  transform: CompressionStream | DecompressionStream,
  limit: number
): Promise<Uint8Array | null> {
  const writer = transform.writable.getWriter();
  // Errors surface on the reading side; the writer's promises must not become unhandled rejections.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = transform.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (no padding) to bytes; null when it is not valid base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}
