import { createHash, randomBytes } from 'node:crypto';

/**
 * The only source of randomness in the generator. Everything that needs random bytes takes a
 * RandomSource so tests can inject a deterministic one.
 */
export interface RandomSource {
  bytes(length: number): Buffer;
}

export const cryptoRandom: RandomSource = { bytes: (length) => randomBytes(length) };

/** Deterministic bytes for tests and for the demo example; never for real secrets. */
export function seededRandom(seed: string): RandomSource {
  let counter = 0;
  return {
    bytes(length) {
      const out = Buffer.alloc(length);
      let offset = 0;
      while (offset < length) {
        const block = createHashBlock(seed, counter++);
        offset += block.copy(out, offset);
      }
      return out;
    },
  };
}

function createHashBlock(seed: string, counter: number): Buffer {
  return createHash('sha256').update(`${seed}:${counter}`).digest();
}
