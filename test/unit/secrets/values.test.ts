import { describe, expect, it } from 'vitest';
import { cryptoRandom, seededRandom, type RandomSource } from '../../../src/core/random.js';
import { hexKey, urlSafePassword } from '../../../src/secrets/values.js';

describe('hexKey', () => {
  it('is 64 lowercase hex characters without a prefix', () => {
    for (let i = 0; i < 50; i++) {
      const key = hexKey(cryptoRandom);
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(key.length % 2).toBe(0);
      expect(key.startsWith('signkey-')).toBe(false);
    }
  });

  it('is deterministic for a seeded source and differs between seeds', () => {
    expect(hexKey(seededRandom('a'))).toBe(hexKey(seededRandom('a')));
    expect(hexKey(seededRandom('a'))).not.toBe(hexKey(seededRandom('b')));
  });
});

describe('urlSafePassword', () => {
  it('uses only [A-Za-z0-9] with the asked length', () => {
    expect(urlSafePassword(cryptoRandom)).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(urlSafePassword(cryptoRandom, 48)).toMatch(/^[A-Za-z0-9]{48}$/);
    const uri = new URL(`postgres://inngest:${urlSafePassword(cryptoRandom)}@db:5432/inngest`);
    expect(decodeURIComponent(uri.password)).toBe(uri.password);
  });

  it('rejects bytes >= 248 instead of folding them (no modulo bias)', () => {
    // 248..255 would map to A..H under a plain modulo; they must be skipped.
    const bytes = [248, 255, 0, 61, 250, 1];
    let i = 0;
    const source: RandomSource = {
      bytes: (n) => Buffer.from(Array.from({ length: n }, () => bytes[i++ % bytes.length]!)),
    };
    expect(urlSafePassword(source, 16).startsWith('A9B')).toBe(true);
  });

  it('covers the whole alphabet about evenly', () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 200 }, () => urlSafePassword(cryptoRandom, 62)).join('');
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(100); // expected 200, sd ~14
  });

  it('refuses silly lengths', () => {
    expect(() => urlSafePassword(cryptoRandom, 4)).toThrow(RangeError);
  });
});
