// FNV-1a (Fowler–Noll–Vo, 32-bit), the state hash of the reverse-execution tests and of history: cheap, and any
// change of a register, a counter or a byte of memory changes it with near certainty.

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Continue a hash over the UTF-16 code units of a string. */
export function fnv1aString(text: string, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Continue a hash over 32-bit words (memory viewed as an Int32Array: four times fewer rounds than bytes). */
export function fnv1aWords(words: Int32Array, hash = FNV_OFFSET): number {
  let h = hash;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], FNV_PRIME);
  return h >>> 0;
}
