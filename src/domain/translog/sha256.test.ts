import { describe, expect, it } from 'vitest';
import { sha256 as nodeSha256 } from '../../test/crypto.js';
import { sha256 } from './sha256.js';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('SHA-256 in plain TypeScript (for the browser)', () => {
  it('gives the standard answers', () => {
    expect(hex(sha256(new Uint8Array()))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('agrees with node:crypto on every length around the block edges, and on parts given apart', () => {
    for (let length = 0; length < 300; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + length * 17) % 256);
      const cut = Math.floor(length / 3);
      expect(hex(sha256(bytes.subarray(0, cut), bytes.subarray(cut))), `length ${length}`).toBe(hex(nodeSha256(bytes)));
    }
  });
});
