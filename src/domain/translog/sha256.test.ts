import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('SHA-256 in plain TypeScript (for the browser)', () => {
  it('gives the standard answers', () => {
    expect(hex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with node:crypto on every length around the block edges, and on parts given apart', () => {
    for (let length = 0; length < 300; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const cut = Math.floor(length / 3);
      expect(hex(sha256(bytes.subarray(0, cut), bytes.subarray(cut))), `length ${length}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
